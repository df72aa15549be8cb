using Desktomy.Email.Api.Auth;
using Desktomy.Email.Application.Mail;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Application.Tenants;
using Desktomy.Email.Domain.Mail;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Desktomy.Email.Api.AdminConsole.Pages;

/// <summary>
/// What support looks at when a tenant calls: every tenant with its transport, own SMTP host and last failed delivery,
/// those whose mail is failing first (authentication failures before the others), however many tenants there are.
/// </summary>
[Authorize(AuthenticationSchemes = ConsoleAuth.Scheme, Policy = Policies.ListTenants)]
public sealed class TenantsModel(IAuthorizationService authorization, IMediator mediator) : ConsolePageModel(authorization)
{
    private const int Shown = 50;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<TenantRow> Rows { get; private set; } = [];

    /// <summary>More tenants match than are shown: search narrows them down.</summary>
    public bool More { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var search = Q?.Trim();
        var matching = (await AllTenantsAsync(ct))
            .Where(t => string.IsNullOrEmpty(search) || t.TenantId.Contains(search, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var failing = (await mediator.Send(new ListFailingTenantsQuery(), ct)).ToHashSet(StringComparer.Ordinal);
        var rows = new List<TenantRow>();
        foreach (var tenant in matching.Where(t => failing.Contains(t.TenantId)))
        {
            rows.Add(await RowAsync(tenant, ct));
        }

        rows = [.. rows.OrderBy(r => r.Urgency).ThenBy(r => r.Tenant.TenantId, StringComparer.Ordinal).Take(Shown)];
        foreach (var tenant in matching.Where(t => !failing.Contains(t.TenantId)).Take(Shown - rows.Count))
        {
            rows.Add(await RowAsync(tenant, ct));
        }

        Rows = rows;
        More = matching.Count > rows.Count;
    }

    private async Task<List<TenantSummary>> AllTenantsAsync(CancellationToken ct)
    {
        var tenants = new List<TenantSummary>();
        string? after = null;
        do
        {
            var page = await mediator.Send(new ListTenantsQuery(after, ListTenantsQuery.MaxLimit), ct);
            tenants.AddRange(page.Items);
            after = page.NextAfter;
        }
        while (after is not null);

        return tenants;
    }

    private async Task<TenantRow> RowAsync(TenantSummary tenant, CancellationToken ct)
    {
        var host = tenant.Transport == MailRouting.OwnSmtp ? (await mediator.Send(new GetEmailSettingsQuery(tenant.TenantId), ct)).OwnSmtp?.Host : null;
        var retrying = (await mediator.Send(new ListDeliveriesQuery(tenant.TenantId, nameof(DeliveryStatus.Retrying), 1), ct)).Items;
        var failed = retrying.Count > 0 ? [] : (await mediator.Send(new ListDeliveriesQuery(tenant.TenantId, nameof(DeliveryStatus.Failed), 1), ct)).Items;
        return new TenantRow(tenant, host, retrying.Count > 0 ? retrying[0] : failed.Count > 0 ? failed[0] : null);
    }
}

public sealed record TenantRow(TenantSummary Tenant, string? OwnSmtpHost, DeliveryView? LastFailure)
{
    /// <summary>0: authentication failing, 1: other failures, 2: fine.</summary>
    public int Urgency => LastFailure?.LastError is { } error ? error.Stage == SmtpStage.Auth ? 0 : 1 : 2;
}
