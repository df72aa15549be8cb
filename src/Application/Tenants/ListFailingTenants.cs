using Desktomy.Email.Domain.Mail;
using Marten;
using Mediator;

namespace Desktomy.Email.Application.Tenants;

/// <summary>
/// The tenants whose mail is failing: one of their deliveries is being retried or has failed. Across tenants, so that
/// support's overview can put them first however many tenants there are.
/// </summary>
public sealed record ListFailingTenantsQuery : IQuery<IReadOnlyList<string>>;

public sealed class ListFailingTenantsHandler(IDocumentStore store) : IQueryHandler<ListFailingTenantsQuery, IReadOnlyList<string>>
{
    public async ValueTask<IReadOnlyList<string>> Handle(ListFailingTenantsQuery query, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        return await session.Query<Delivery>()
            .Where(d => d.AnyTenant() && (d.Status == DeliveryStatus.Retrying || d.Status == DeliveryStatus.Failed))
            .Select(d => d.TenantId)
            .Distinct()
            .ToListAsync(cancellationToken);
    }
}
