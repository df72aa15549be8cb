using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Application.Settings.ConfigureOwnSmtp;

/// <summary>The advanced SMTP options as a request carries them; omitted values take their defaults.</summary>
public sealed record AdvancedSmtpInput(string? HeloName, int? TimeoutSeconds, bool? VerifyCertificate, SmtpAuthMechanism? AuthMechanism)
{
    public SmtpAdvancedOptions ToOptions() => new(
        string.IsNullOrWhiteSpace(HeloName) ? null : HeloName.Trim(),
        TimeoutSeconds ?? SmtpAdvancedOptions.DefaultTimeoutSeconds,
        VerifyCertificate ?? true,
        AuthMechanism ?? SmtpAuthMechanism.Auto);
}
