using Desktomy.Email.Domain.Mail;
using Marten;
using Mediator;

namespace Desktomy.Email.Application.Mail;

/// <summary>One delivery of the tenant, or null.</summary>
public sealed record GetDeliveryQuery(string TenantId, string DeliveryId) : IQuery<DeliveryView?>;

public sealed class GetDeliveryHandler(IDocumentStore store) : IQueryHandler<GetDeliveryQuery, DeliveryView?>
{
    public async ValueTask<DeliveryView?> Handle(GetDeliveryQuery query, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(query.TenantId);
        var delivery = await session.LoadAsync<Delivery>(query.DeliveryId, cancellationToken);
        return delivery is null ? null : DeliveryView.Of(delivery);
    }
}
