using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Application.Smtp;

/// <summary>
/// An SMTP server to talk to, with the plaintext password held only in memory for the call. Only the platform's
/// own server, from our configuration, is <paramref name="Trusted"/>; a tenant's server passes the host guard.
/// </summary>
public sealed record SmtpTarget(string Host, int Port, SmtpSecurity Security, string? Username, string? Password, SmtpAdvancedOptions Advanced, bool Trusted = false)
{
    // A record prints every member; this one must never print the password.
    public override string ToString() => $"{Host}:{Port} ({Security}, login {(Username is null ? "none" : "set")})";
}
