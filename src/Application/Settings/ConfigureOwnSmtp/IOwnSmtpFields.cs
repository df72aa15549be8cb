using Desktomy.Email.Domain.Addresses;
using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Application.Settings.ConfigureOwnSmtp;

/// <summary>The own-SMTP form, shared by saving it and testing it.</summary>
public interface IOwnSmtpFields
{
    string TenantId { get; }

    string? SenderEmail { get; }

    string? Host { get; }

    int? Port { get; }

    SmtpSecurity? Security { get; }

    string? Username { get; }

    string? Password { get; }

    AdvancedSmtpInput? Advanced { get; }
}

public static class OwnSmtpFields
{
    /// <summary>A blank login means "no authentication"; a blank password means "not typed".</summary>
    public static string? Login(this IOwnSmtpFields fields) => string.IsNullOrWhiteSpace(fields.Username) ? null : fields.Username;

    public static string? TypedPassword(this IOwnSmtpFields fields) => string.IsNullOrEmpty(fields.Password) ? null : fields.Password;

    /// <summary>Only for validated fields.</summary>
    public static Domain.Settings.ConfigureOwnSmtp ToDomain(this IOwnSmtpFields fields, string? sealedPassword) => new(
        fields.TenantId,
        EmailAddress.Create(fields.SenderEmail!),
        SmtpEndpoint.Create(fields.Host!, fields.Port!.Value, fields.Security),
        fields.Login(),
        sealedPassword,
        fields.Advanced?.ToOptions() ?? SmtpAdvancedOptions.Default);
}
