using Desktomy.Email.Domain.Addresses;

namespace Desktomy.Email.Domain.Smtp;

/// <summary>"Zaawansowane ustawienia SMTP": what some hosting companies require beyond host, port and credentials.</summary>
public sealed record SmtpAdvancedOptions(string? HeloName, int TimeoutSeconds, bool VerifyCertificate, SmtpAuthMechanism AuthMechanism)
{
    public const int DefaultTimeoutSeconds = 30;
    public const int MinTimeoutSeconds = 1;
    public const int MaxTimeoutSeconds = 300;

    public static readonly SmtpAdvancedOptions Default = new(null, DefaultTimeoutSeconds, true, SmtpAuthMechanism.Auto);

    public static bool IsValidHeloName(string? heloName) => heloName is null || HostName.IsValid(heloName);

    public static bool IsValidTimeout(int seconds) => seconds is >= MinTimeoutSeconds and <= MaxTimeoutSeconds;

    /// <summary>The HELO name as it goes on the wire: EHLO takes ASCII only, so an internationalised name goes as punycode.</summary>
    public string? HeloNameOnTheWire() => HeloName is not null && HostName.TryToAscii(HeloName, out var ascii) ? ascii : HeloName;
}
