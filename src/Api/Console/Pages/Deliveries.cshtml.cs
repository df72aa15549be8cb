using Desktomy.Email.Api.Auth;
using Desktomy.Email.Application.Mail;
using Desktomy.Email.Domain.Mail;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Desktomy.Email.Api.AdminConsole.Pages;

/// <summary>The tenant's deliveries, newest first, filtered by status.</summary>
[Authorize(AuthenticationSchemes = ConsoleAuth.Scheme, Policy = Policies.ReadDeliveries)]
public sealed class DeliveriesModel(IAuthorizationService authorization, IMediator mediator) : ConsolePageModel(authorization)
{
    public static readonly string[] Statuses = Enum.GetNames<DeliveryStatus>();

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public IReadOnlyList<DeliveryView> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var status = Statuses.Contains(Status) ? Status : null;
        Items = (await mediator.Send(new ListDeliveriesQuery(TenantId, status, 100), ct)).Items;
    }
}
