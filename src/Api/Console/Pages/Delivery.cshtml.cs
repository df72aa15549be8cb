using Desktomy.Email.Api.Auth;
using Desktomy.Email.Application.Mail;
using Mediator;
using Microsoft.AspNetCore.Authorization;

namespace Desktomy.Email.Api.AdminConsole.Pages;

/// <summary>One delivery: attempts, the last error with its stage and code, transport, settings version, Message-Id.</summary>
[Authorize(AuthenticationSchemes = ConsoleAuth.Scheme, Policy = Policies.ReadDeliveries)]
public sealed class DeliveryModel(IAuthorizationService authorization, IMediator mediator) : ConsolePageModel(authorization)
{
    public DeliveryView Delivery { get; private set; } = null!;

    public async Task OnGetAsync(string id, CancellationToken ct) =>
        Delivery = await mediator.Send(new GetDeliveryQuery(TenantId, id), ct);
}
