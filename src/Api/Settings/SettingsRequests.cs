namespace Desktomy.Email.Api.Settings;

public sealed record PrimaryEmailRequest(string? PrimaryEmail);

public sealed record SenderNameRequest(string? SenderName);

public sealed record RollbackRequest(long? ToVersion, string? Reason);

public sealed record ReasonRequest(string? Reason);
