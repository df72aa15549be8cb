using Desktomy.Email.Domain.Mail;
using Desktomy.Email.Application.Settings;
using Marten;
using Mediator;

namespace Desktomy.Email.Application.Tenants;

/// <summary>Reads the current settings documents across all tenants (keyset paging on the tenant id).</summary>
public sealed class ListTenantsHandler(IDocumentStore store) : IQueryHandler<ListTenantsQuery, TenantPage>
{
    public async ValueTask<TenantPage> Handle(ListTenantsQuery query, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var after = query.After ?? string.Empty;
        var documents = await session.Query<EmailSettingsDocument>()
            .Where(d => d.AnyTenant() && d.Id.CompareTo(after) > 0)
            .OrderBy(d => d.Id)
            .Take(query.Limit + 1)
            .ToListAsync(cancellationToken);

        var items = documents.Take(query.Limit)
            .Select(d => new TenantSummary(d.Id, d.Version, MailRouting.TransportOf(d.Settings), d.UpdatedAt, d.UpdatedBy))
            .ToList();
        return new TenantPage(items, documents.Count > query.Limit ? items[^1].TenantId : null);
    }
}
