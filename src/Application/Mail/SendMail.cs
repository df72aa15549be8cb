namespace Desktomy.Email.Application.Mail;

/// <summary>The durable message that asks for one delivery to be sent. The tenant travels with it (and on the envelope).</summary>
public sealed record SendMail(string TenantId, string DeliveryId);
