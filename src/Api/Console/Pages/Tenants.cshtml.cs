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
/// those whose mail is failing first (authentication failures before the others).
/// </summary>
[Authorize(AuthenticationSchemes = ConsoleAuth.Scheme, Policy = Policies.ListTenants)]
public sealed class TenantsModel(IAuthorizationService authorization, IMediator mediator) : ConsolePageModel(authorization)
{
    private const int Shown = 50;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public IReadOnlyList<TenantRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var tenants = (await mediator.Send(new ListTenantsQuery(null, ListTenantsQuery.MaxLimit), ct)).Items
            .Where(t => string.IsNullOrWhiteSpace(Q) || t.TenantId.Contains(Q.Trim(), StringComparison.OrdinalIgnoreCase))
            .Take(Shown)
            .ToList();
        var rows = new List<TenantRow>(tenants.Count);
        foreach (var tenant in tenants)
        {
            var settings = await mediator.Send(new GetEmailSettingsQuery(tenant.TenantId), ct);
            var failed = (await mediator.Send(new ListDeliveriesQuery(tenant.TenantId, nameof(DeliveryStatus.Failed), 1), ct)).Items;
            var retrying = (await mediator.Send(new ListDeliveriesQuery(tenant.TenantId, nameof(DeliveryStatus.Retrying), 1), ct)).Items;
            var failing = retrying.Count > 0 ? retrying[0] : failed.Count > 0 ? failed[0] : null;
            rows.Add(new TenantRow(tenant, settings.OwnSmtp is { Enabled: true } smtp ? smtp.Host : null, failing));
        }

        Rows = rows.OrderBy(r => r.Urgency).ThenBy(r => r.Tenant.TenantId, StringComparer.Ordinal).ToList();
    }
}

public sealed record TenantRow(TenantSummary Tenant, string? OwnSmtpHost, DeliveryView? LastFailure)
{
    /// <summary>0: authentication failing, 1: other failures, 2: fine.</summary>
    public int Urgency => LastFailure?.LastError is { } error ? error.Stage == SmtpStage.Auth ? 0 : 1 : 2;
}
