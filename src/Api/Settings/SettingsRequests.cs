using Desktomy.Email.Application.Settings.ConfigureOwnSmtp;
using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Api.Settings;

public sealed record PrimaryEmailRequest(string? PrimaryEmail);

public sealed record SenderNameRequest(string? SenderName);

/// <summary>The own-SMTP form of <c>PUT …/smtp</c> and <c>POST …/smtp/test</c>. The password is write-only.</summary>
public sealed record SmtpSettingsRequest(
    string? SenderEmail,
    string? Host,
    int? Port,
    SmtpSecurity? Security,
    string? Username,
    string? Password,
    AdvancedSmtpInput? Advanced)
{
    // A record prints every member; this one carries a password.
    public override string ToString() => $"{nameof(SmtpSettingsRequest)} {{ Host = {Host}, Port = {Port} }}";
}

public sealed record RollbackRequest(long? ToVersion, string? Reason);

public sealed record ReasonRequest(string? Reason);
