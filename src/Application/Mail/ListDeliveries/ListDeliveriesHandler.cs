using Desktomy.Email.Domain.Mail;
using Marten;
using Mediator;

namespace Desktomy.Email.Application.Mail.ListDeliveries;

public sealed class ListDeliveriesHandler(IDocumentStore store) : IQueryHandler<ListDeliveriesQuery, DeliveryPage>
{
    public async ValueTask<DeliveryPage> Handle(ListDeliveriesQuery query, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(query.TenantId);
        var deliveries = session.Query<Delivery>().AsQueryable();
        if (query.Status is { } status)
        {
            deliveries = deliveries.Where(d => d.Status == status);
        }

        var page = await deliveries.OrderByDescending(d => d.QueuedAt).ThenByDescending(d => d.Id).Take(query.Limit).ToListAsync(cancellationToken);
        return new DeliveryPage([.. page.Select(DeliveryView.Of)]);
    }
}
