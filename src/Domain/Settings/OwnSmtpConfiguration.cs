using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Domain.Settings;

/// <summary>
/// A tenant's own SMTP settings as stored in events. <see cref="SealedPassword"/> is the password encrypted
/// with the tenant's data key; the domain never sees the plaintext. <see cref="OAuth2"/> is null for password (or no)
/// authentication, which is what every event written before OAuth 2.0 means.
/// </summary>
public sealed record OwnSmtpConfiguration(
    string SenderEmail,
    string Host,
    int Port,
    SmtpSecurity Security,
    string? Username,
    string? SealedPassword,
    SmtpAdvancedOptions Advanced,
    OwnSmtpOAuth2? OAuth2 = null)
{
    /// <summary>Credentials are bound to the destination they were entered for.</summary>
    public bool HasSameDestination(OwnSmtpConfiguration other) =>
        string.Equals(SenderEmail, other.SenderEmail, StringComparison.Ordinal)
        && string.Equals(Host, other.Host, StringComparison.Ordinal)
        && Port == other.Port
        && Security == other.Security
        && string.Equals(Username, other.Username, StringComparison.Ordinal);
}
