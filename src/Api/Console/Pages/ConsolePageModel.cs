using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Settings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Desktomy.Email.Api.AdminConsole.Pages;

/// <summary>What every console page shares: the route's tenant, the API's policies, and field errors keyed like the API's, in the console's language.</summary>
public abstract class ConsolePageModel(IAuthorizationService authorization) : PageModel
{
    public string TenantId => RouteData.Values["tenantId"] as string ?? string.Empty;

    /// <summary>Field errors keyed by the API's JSON paths (<c>primaryEmail</c>, <c>port</c>, <c>advanced.timeoutSeconds</c>).</summary>
    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public string? ErrorOf(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public async Task<bool> AllowedAsync(string policy) =>
        (await authorization.AuthorizeAsync(User, HttpContext, policy)).Succeeded;

    /// <summary>Runs a command and turns the API's refusals into field errors; true when it succeeded.</summary>
    protected async Task<bool> TryAsync(Func<Task> command)
    {
        try
        {
            await command();
            return true;
        }
        catch (RequestValidationException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                Errors[field] = ConsoleMessages.Say(messages);
            }
        }
        catch (SettingsRuleViolationException e)
        {
            Errors[e.Field] = [ConsoleMessages.Say(e.Message)];
        }
        catch (SmtpHostRefusedException e)
        {
            Errors["host"] = [ConsoleMessages.Say(e.Message)];
        }

        return false;
    }
}
