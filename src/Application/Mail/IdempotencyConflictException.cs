namespace Desktomy.Email.Application.Mail;

public sealed class IdempotencyConflictException(string key)
    : Exception($"The Idempotency-Key '{key}' was already used for a different request: use a new key for a new mail.");
