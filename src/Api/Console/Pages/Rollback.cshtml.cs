using Desktomy.Email.Api.Auth;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Settings;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Desktomy.Email.Api.AdminConsole.Pages;

/// <summary>Support puts a tenant back to a version: the confirmation shows what will change, the reason is required.</summary>
[Authorize(AuthenticationSchemes = ConsoleAuth.Scheme, Policy = Policies.RollBack)]
public sealed class RollbackModel(IAuthorizationService authorization, IMediator mediator) : ConsolePageModel(authorization)
{
    [BindProperty(SupportsGet = true)]
    public long? ToVersion { get; set; }

    [BindProperty]
    public long? Version { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public EmailSettingsView? Current { get; private set; }

    public SettingsDiff? Diff { get; private set; }

    public ChangedMeanwhile? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Version = Current?.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            if (await TryAsync(() => mediator.Send(new RollBackCommand(TenantId, ToVersion, Reason, Version), ct).AsTask()))
            {
                return Redirect($"{ConsoleSetup.Path}/tenants/{TenantId}/history?done=rolledback");
            }
        }
        catch (VersionMismatchException)
        {
            Conflict = await ChangedMeanwhile.SinceAsync(mediator, TenantId, Version ?? 0, ct);
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Current = await mediator.Send(new GetEmailSettingsQuery(TenantId), ct);
        if (ToVersion is not null)
        {
            await TryAsync(async () => Diff = await mediator.Send(new GetSettingsDiffQuery(TenantId, Current.Version, ToVersion), ct));
        }
    }
}
