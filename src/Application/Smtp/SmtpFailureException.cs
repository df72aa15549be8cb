namespace Desktomy.Email.Application.Smtp;

/// <summary>
/// Talking to an SMTP server failed at <see cref="Stage"/>. The message is written for a tenant admin and never
/// carries raw exception text or the password.
/// </summary>
public sealed class SmtpFailureException(string stage, int? smtpStatusCode, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Stage { get; } = stage;

    public int? SmtpStatusCode { get; } = smtpStatusCode;
}
