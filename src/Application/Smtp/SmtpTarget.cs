using Desktomy.Email.Application.Smtp.OAuth2;
using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Application.Smtp;

/// <summary>
/// An SMTP server to talk to, with the plaintext password held only in memory for the call. Only the platform's
/// own server, from our configuration, is <paramref name="Trusted"/>; a tenant's server passes the host guard.
/// With <paramref name="OAuth2"/> the session logs in with an access token (XOAUTH2) instead of the password.
/// </summary>
public sealed record SmtpTarget(
    string Host,
    int Port,
    SmtpSecurity Security,
    string? Username,
    string? Password,
    SmtpAdvancedOptions Advanced,
    bool Trusted = false,
    SmtpOAuth2? OAuth2 = null)
{
    // A record prints every member; this one must never print the password.
    public override string ToString() => $"{Host}:{Port} ({Security}, login {(Username is null ? "none" : "set")})";
}

/// <summary>The OAuth 2.0 client to obtain tokens with (its secret in memory for the call) and the cache entry they belong to.</summary>
public sealed record SmtpOAuth2(OAuth2Client Client, TokenCacheKey CacheKey)
{
    public override string ToString() => $"{Client} for {CacheKey}";
}
