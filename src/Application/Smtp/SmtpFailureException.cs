namespace Desktomy.Email.Application.Smtp;

/// <summary>
/// Talking to an SMTP server failed at <see cref="Stage"/>. The message is written for a tenant admin: it may quote
/// the server's own reply, but never our exception texts or the password.
/// </summary>
public sealed class SmtpFailureException(string stage, int? smtpStatusCode, string message, Exception? inner = null, bool permanent = false)
    : Exception(message, inner)
{
    /// <summary>Retrying cannot help (e.g. the server cannot carry this address), whatever the status code says.</summary>
    public bool Permanent { get; } = permanent;

    public string Stage { get; } = stage;

    public int? SmtpStatusCode { get; } = smtpStatusCode;
}
