using Mediator;

namespace Desktomy.Email.Application.Mail.GetDelivery;

/// <summary>One delivery of the tenant, or null.</summary>
public sealed record GetDeliveryQuery(string TenantId, string DeliveryId) : IQuery<DeliveryView?>;
