using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Application.Smtp;

public sealed record SmtpVerificationResult(bool Ok, long DurationMs, string Host, int Port, SmtpSecurity Security, bool Authenticated);
