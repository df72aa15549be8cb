using Desktomy.Email.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Desktomy.Email.Api.AdminConsole.Pages;

/// <summary>The console's start: support and auditors see every tenant, a tenant admin their own settings.</summary>
[Authorize(AuthenticationSchemes = ConsoleAuth.Scheme)]
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet()
    {
        if (User.IsInRole(Roles.Support) || User.IsInRole(Roles.Auditor))
        {
            return Redirect($"{ConsoleSetup.Path}/tenants");
        }

        var tenants = User.FindAll(Claims.TenantId).Select(c => c.Value).ToList();
        return User.IsInRole(Roles.TenantAdmin) && tenants is [var tenant] && tenant != Claims.AllTenants
            ? Redirect($"{ConsoleSetup.Path}/tenants/{tenant}/settings")
            : Redirect($"{ConsoleSetup.Path}/denied");
    }
}
