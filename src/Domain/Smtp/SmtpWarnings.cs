namespace Desktomy.Email.Domain.Smtp;

/// <summary>Risky settings that are accepted (clients rely on them) but shown, as codes, wherever they apply.</summary>
public static class SmtpWarnings
{
    /// <summary>A login over an unencrypted connection: the password crosses the network as cleartext.</summary>
    public const string PlaintextAuthentication = nameof(PlaintextAuthentication);

    public static IReadOnlyList<string> Of(SmtpSecurity security, string? username) =>
        username is not null && security == SmtpSecurity.None ? [PlaintextAuthentication] : [];
}
