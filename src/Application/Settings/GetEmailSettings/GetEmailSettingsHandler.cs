using Desktomy.Email.Application.Smtp;
using Marten;
using Mediator;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Application.Settings.GetEmailSettings;

public sealed class GetEmailSettingsHandler(IDocumentStore store, IOptions<PlatformMailOptions> platform)
    : IQueryHandler<GetEmailSettingsQuery, EmailSettingsView?>
{
    public async ValueTask<EmailSettingsView?> Handle(GetEmailSettingsQuery query, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(query.TenantId);
        var document = query switch
        {
            { Version: { } version } => (await SettingsVersions.LoadAsync(session, query.TenantId, version, "version", cancellationToken))?.AsDocument(),
            { AsOf: { } asOf } => (await session.Query<EmailSettingsVersion>()
                .Where(v => v.OccurredAt <= asOf)
                .OrderByDescending(v => v.Version)
                .FirstOrDefaultAsync(cancellationToken))?.AsDocument(),
            _ => await session.LoadAsync<EmailSettingsDocument>(query.TenantId, cancellationToken),
        };
        return document is null ? null : EmailSettingsView.From(document, platform.Value);
    }
}
