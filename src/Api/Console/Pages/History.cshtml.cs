using Desktomy.Email.Api.Auth;
using Desktomy.Email.Api.Settings;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Settings;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Desktomy.Email.Api.AdminConsole.Pages;

/// <summary>Every version with who, when, why and what; a diff of two versions; the settings as of a version or a local time; CSV.</summary>
[Authorize(AuthenticationSchemes = ConsoleAuth.Scheme, Policy = Policies.ReadSettings)]
public sealed class HistoryModel(IAuthorizationService authorization, IMediator mediator, ConsoleClock clock) : ConsolePageModel(authorization)
{
    public IReadOnlyList<HistoryItem> Items { get; private set; } = [];

    public bool CanRollBack { get; private set; }

    [BindProperty(SupportsGet = true)]
    public long? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Version { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? AsOf { get; set; }

    public SettingsDiff? Diff { get; private set; }

    public EmailSettingsView? AsOfView { get; private set; }

    public bool NotConfigured { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        CanRollBack = await AllowedAsync(Policies.RollBack);
        try
        {
            Items = (await mediator.Send(new GetSettingsHistoryQuery(TenantId, 0, GetSettingsHistoryQuery.MaxLimit), ct)).Items;
        }
        catch (SettingsNotFoundException)
        {
            NotConfigured = true;
            return Page();
        }

        if (From is not null && To is not null)
        {
            await TryAsync(async () => Diff = await mediator.Send(new GetSettingsDiffQuery(TenantId, From, To), ct));
        }

        if (Version is not null || !string.IsNullOrWhiteSpace(AsOf))
        {
            var instant = clock.Parse(AsOf);
            if (Version is null && instant is null)
            {
                Errors["asOf"] = [ConsoleWords.Say("NotADate")];
                return Page();
            }

            try
            {
                await TryAsync(async () => AsOfView = await mediator.Send(new GetEmailSettingsQuery(TenantId, Version, Version is null ? instant : null), ct));
            }
            catch (SettingsNotFoundException)
            {
                Errors["asOf"] = [ConsoleWords.Say("BeforeSettingsExisted")];
            }
        }

        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var page = await mediator.Send(new GetSettingsHistoryQuery(TenantId, 0, GetSettingsHistoryQuery.MaxLimit), ct);
        return File(System.Text.Encoding.UTF8.GetBytes(HistoryCsv.Write(page)), HistoryCsv.MediaType, $"{TenantId}-email-settings-history.csv");
    }
}
