using Desktomy.Email.Domain.Settings;
using Marten;
using Mediator;

namespace Desktomy.Email.Application.Settings.Diff;

public sealed class GetSettingsDiffHandler(IDocumentStore store) : IQueryHandler<GetSettingsDiffQuery, SettingsDiff>
{
    public async ValueTask<SettingsDiff> Handle(GetSettingsDiffQuery query, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(query.TenantId);
        var from = await SettingsVersions.LoadAsync(session, query.TenantId, query.From, "from", cancellationToken);
        var to = await SettingsVersions.LoadAsync(session, query.TenantId, query.To, "to", cancellationToken);
        return new SettingsDiff(query.From, query.To, FieldChange.Between(from?.Settings, to?.Settings));
    }
}
