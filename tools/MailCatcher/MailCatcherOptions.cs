using System.Security.Cryptography.X509Certificates;

namespace Desktomy.Email.MailCatcher;

/// <summary>Configuration of a <see cref="MailCatcherServer"/>.</summary>
public sealed record MailCatcherOptions
{
    /// <summary>IP address to bind to. Loopback only by default.</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>TCP port to listen on; 0 picks a free port (see <see cref="MailCatcherServer.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>How the endpoint is secured.</summary>
    public ListenerSecurity Security { get; init; } = ListenerSecurity.None;

    /// <summary>Server certificate (with private key); required for <see cref="ListenerSecurity.StartTls"/> and <see cref="ListenerSecurity.SslOnConnect"/>.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>
    /// When set, AUTH (PLAIN, LOGIN) is required before MAIL FROM and only this user with <see cref="Password"/> succeeds.
    /// When null, AUTH is still offered but optional, and any credentials are accepted.
    /// With <see cref="ListenerSecurity.StartTls"/>, AUTH is only offered after the STARTTLS upgrade.
    /// </summary>
    public string? Username { get; init; }

    /// <summary>Password for <see cref="Username"/>.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// When set, EHLO also offers AUTH XOAUTH2, AUTH is required, and an XOAUTH2 attempt succeeds when this returns
    /// true for its user and bearer token; a refused one is answered <c>535 5.7.3 Authentication unsuccessful</c>.
    /// PLAIN and LOGIN then succeed only for <see cref="Username"/>, when set.
    /// </summary>
    public Func<string, string, CancellationToken, Task<bool>>? BearerTokenValidator { get; init; }

    /// <summary>When set, each received message is written there as <c>&lt;n&gt;.eml</c> (existing files are never overwritten).</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>
    /// Decides the reply to each message's DATA: null accepts it (250); a reply rejects it with that code (e.g. 451 to
    /// make the client retry, 550 to refuse for good), and the message is not captured.
    /// </summary>
    public Func<CapturedMail, SmtpReply?>? Responder { get; init; }

    /// <summary>
    /// Awaited at each message's end of data, before <see cref="Responder"/>: a test holds a mail on the wire or slows
    /// the server there. It must wait without blocking its thread: with socket completions inline
    /// (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>) that thread serves every socket of its epoll loop.
    /// </summary>
    public Func<CapturedMail, CancellationToken, Task>? BeforeReply { get; init; }

    /// <summary>
    /// Whether received messages are kept for <see cref="MailCatcherServer.Messages"/> (the default). Off, they are only
    /// counted (<see cref="MailCatcherServer.Count"/>), raised and written: a long run (the benchmark's tens of thousands
    /// of messages) does not hold every parsed message, nor pay the collections of a heap that only grows.
    /// </summary>
    public bool KeepMessages { get; init; } = true;

    /// <summary>Whether EHLO offers SMTPUTF8 (international addresses); off makes the server ASCII-only.</summary>
    public bool SmtpUtf8 { get; init; } = true;
}
