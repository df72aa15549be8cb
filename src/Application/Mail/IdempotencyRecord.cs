namespace Desktomy.Email.Application.Mail;

/// <summary>The first request made with an Idempotency-Key (id = key, per tenant) and the delivery it created.</summary>
public sealed record IdempotencyRecord(string Id, string RequestHash, string DeliveryId, DateTimeOffset CreatedAt);
