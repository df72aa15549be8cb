using MimeKit;

namespace Desktomy.Email.MailCatcher;

/// <summary>A message received by the mail catcher.</summary>
/// <param name="EnvelopeFrom">The SMTP <c>MAIL FROM</c> address; null for the null reverse-path <c>&lt;&gt;</c>.</param>
/// <param name="EnvelopeTo">The SMTP <c>RCPT TO</c> addresses, in order.</param>
/// <param name="Message">The parsed message as received (after dot-unstuffing).</param>
/// <param name="AuthenticatedUser">The user name that authenticated on the session, or null.</param>
public sealed record CapturedMail(
    string? EnvelopeFrom,
    IReadOnlyList<string> EnvelopeTo,
    MimeMessage Message,
    string? AuthenticatedUser);
