using Desktomy.Email.Api.Auth;
using Desktomy.Email.Application.Mail;
using Desktomy.Email.Domain.Mail;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Desktomy.Email.Api.AdminConsole.Pages;

/// <summary>One delivery: every attempt of every series, the last error with its stage and code, transport, settings version, Message-Id; retry or cancel.</summary>
[Authorize(AuthenticationSchemes = ConsoleAuth.Scheme, Policy = Policies.ReadDeliveries)]
public sealed class DeliveryModel(IAuthorizationService authorization, IMediator mediator) : ConsolePageModel(authorization)
{
    public DeliveryView Delivery { get; private set; } = null!;

    /// <summary>Every series of attempts, the earlier ones (before a retry) included.</summary>
    public IReadOnlyList<DeliverySeries> Series { get; private set; } = [];

    public bool CanManage { get; private set; }

    public string? Refusal { get; private set; }

    public async Task OnGetAsync(string id, CancellationToken ct) => await LoadAsync(id, ct);

    public Task<IActionResult> OnPostRetryAsync(string id, CancellationToken ct) =>
        ChangeAsync(id, () => mediator.Send(new RetryDeliveryCommand(TenantId, id), ct).AsTask(), ct);

    public Task<IActionResult> OnPostCancelAsync(string id, CancellationToken ct) =>
        ChangeAsync(id, () => mediator.Send(new CancelDeliveryCommand(TenantId, id), ct).AsTask(), ct);

    private async Task<IActionResult> ChangeAsync(string id, Func<Task<DeliveryView>> change, CancellationToken ct)
    {
        if (!await AllowedAsync(Policies.ManageDeliveries))
        {
            return Forbid(ConsoleAuth.Scheme);
        }

        try
        {
            await change();
            return Redirect($"{ConsoleSetup.Path}/tenants/{TenantId}/deliveries/{Uri.EscapeDataString(id)}");
        }
        catch (DeliveryStatusConflictException e)
        {
            Refusal = ConsoleMessages.Say(e.Message);
        }

        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(string id, CancellationToken ct)
    {
        CanManage = await AllowedAsync(Policies.ManageDeliveries);
        Delivery = await mediator.Send(new GetDeliveryQuery(TenantId, id), ct);
        Series = DeliverySeries.Of(await mediator.Send(new GetDeliveryEventsQuery(TenantId, id), ct));
    }
}
