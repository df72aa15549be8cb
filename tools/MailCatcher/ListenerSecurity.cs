namespace Desktomy.Email.MailCatcher;

/// <summary>How the mail catcher's listening endpoint is secured.</summary>
public enum ListenerSecurity
{
    /// <summary>Plain SMTP; STARTTLS is not offered and AUTH is allowed without TLS.</summary>
    None,

    /// <summary>Plain SMTP endpoint that advertises STARTTLS; AUTH is only offered after the upgrade.</summary>
    StartTls,

    /// <summary>Implicit TLS: the TLS handshake happens as soon as the client connects.</summary>
    SslOnConnect,
}
