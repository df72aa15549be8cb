using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Application.Smtp;

/// <summary><paramref name="Warnings"/>: codes for risky but accepted settings, as in the settings view.</summary>
public sealed record SmtpVerificationResult(bool Ok, long DurationMs, string Host, int Port, SmtpSecurity Security, bool Authenticated, IReadOnlyList<string> Warnings);
