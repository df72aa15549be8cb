using Desktomy.Email.Domain.Mail;
using Mediator;

namespace Desktomy.Email.Application.Mail.ListDeliveries;

/// <summary>The tenant's deliveries, newest first, optionally only those with <paramref name="Status"/>.</summary>
public sealed record ListDeliveriesQuery(string TenantId, DeliveryStatus? Status = null, int Limit = ListDeliveriesQuery.DefaultLimit)
    : IQuery<DeliveryPage>
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;
}

public sealed record DeliveryPage(IReadOnlyList<DeliveryView> Items);
