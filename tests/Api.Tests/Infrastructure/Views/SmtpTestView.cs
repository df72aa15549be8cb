namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>The answer of a passed <c>…/email-settings/smtp/test</c>.</summary>
public sealed record SmtpTestView(bool Ok, long DurationMs, bool Authenticated);
