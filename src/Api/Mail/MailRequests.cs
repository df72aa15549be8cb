namespace Desktomy.Email.Api.Mail;

/// <summary>A mail to the tenant's clients.</summary>
public sealed record EmailRequest(string[]? To, string[]? Cc, string[]? Bcc, string? Subject, string? TextBody, string? HtmlBody);

/// <summary>A notification to the tenant's primary e-mail.</summary>
public sealed record NotificationRequest(string? Subject, string? TextBody, string? HtmlBody);
