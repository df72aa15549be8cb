namespace Desktomy.Email.MailCatcher;

/// <summary>An SMTP reply a scripted server gives instead of accepting a message.</summary>
public sealed record SmtpReply(int Code, string Text);
