namespace Desktomy.Email.Application.Mail;

/// <summary>The bodies of a delivery (id = delivery id), stored in the same commit as its first event.</summary>
public sealed record MailContent(string Id, string? TextBody, string? HtmlBody);
