using Desktomy.Email.Application.Settings.ConfigureOwnSmtp;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Smtp;
using Mediator;

namespace Desktomy.Email.Application.Settings.TestOwnSmtp;

/// <summary>Tests the stored own-SMTP settings (<paramref name="UseStoredSettings"/>) or the ones in the request; changes nothing.</summary>
public sealed record TestOwnSmtpCommand(
    string TenantId,
    bool UseStoredSettings,
    string? SenderEmail = null,
    string? Host = null,
    int? Port = null,
    SmtpSecurity? Security = null,
    string? Username = null,
    string? Password = null,
    AdvancedSmtpInput? Advanced = null,
    long? ExpectedVersion = null) : ICommand<SmtpVerificationResult>, IOwnSmtpFields
{
    // A record prints every member; this one carries a password.
    public override string ToString() => $"{nameof(TestOwnSmtpCommand)} {{ TenantId = {TenantId}, Host = {Host}, Port = {Port} }}";
}
