using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Settings.GetEmailSettings;
using Desktomy.Email.Application.Settings.History;
using Mediator;

namespace Desktomy.Email.Application.Settings.Export;

/// <summary>The view and the history pages, read through their own use cases; the history stops at the view's version, so both agree.</summary>
public sealed class ExportEmailSettingsHandler(IMediator mediator) : IQueryHandler<ExportEmailSettingsQuery, SettingsExport>
{
    public async ValueTask<SettingsExport> Handle(ExportEmailSettingsQuery query, CancellationToken cancellationToken)
    {
        var settings = await mediator.Send(new GetEmailSettingsQuery(query.TenantId), cancellationToken)
            ?? throw new SettingsNotFoundException(query.TenantId);

        var history = new List<HistoryItem>();
        long? after = 0;
        while (after is { } afterVersion && afterVersion < settings.Version)
        {
            var page = await mediator.Send(new GetSettingsHistoryQuery(query.TenantId, afterVersion, GetSettingsHistoryQuery.MaxLimit), cancellationToken);
            history.AddRange(page.Items.Where(item => item.Version <= settings.Version));
            after = page.NextAfterVersion;
        }

        return new SettingsExport(settings, history);
    }
}
