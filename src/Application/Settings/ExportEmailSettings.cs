using Mediator;

namespace Desktomy.Email.Application.Settings;

/// <summary>A tenant's settings and its whole history in one document, for auditors and the tenant's own records.</summary>
public sealed record ExportEmailSettingsQuery(string TenantId) : IQuery<SettingsExport>;

/// <summary>The current view and every history item up to its version, oldest first; secrets only as <c>secret: true</c>.</summary>
public sealed record SettingsExport(EmailSettingsView Settings, IReadOnlyList<HistoryItem> History);

/// <summary>The view and the history pages, read through their own use cases; the history stops at the view's version, so both agree.</summary>
public sealed class ExportEmailSettingsHandler(IMediator mediator) : IQueryHandler<ExportEmailSettingsQuery, SettingsExport>
{
    public async ValueTask<SettingsExport> Handle(ExportEmailSettingsQuery query, CancellationToken cancellationToken)
    {
        var settings = await mediator.Send(new GetEmailSettingsQuery(query.TenantId), cancellationToken);

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
