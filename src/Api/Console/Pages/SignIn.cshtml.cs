using System.Security.Claims;
using System.Text.RegularExpressions;
using Desktomy.Email.Api.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Desktomy.Email.Api.AdminConsole.Pages;

/// <summary>
/// In Development and Testing: pick a role and a tenant, and get the development claims in the cookie. Elsewhere:
/// the identity provider (OpenID Connect) signs the user in.
/// </summary>
[AllowAnonymous]
public sealed partial class SignInModel(IAuthorizationService authorization, IHostEnvironment environment, IAuthenticationSchemeProvider schemes, ConsoleText text)
    : ConsolePageModel(authorization)
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Subject { get; set; } = "admin";

    [BindProperty]
    public string? Role { get; set; } = Roles.TenantAdmin;

    [BindProperty]
    public string? Tenant { get; set; } = "acme";

    public bool Development => ConsoleAuth.DevelopmentSignIn(environment);

    /// <summary>False outside Development when <c>Auth:Console:Authority</c> is not configured.</summary>
    public bool ProviderConfigured { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        ProviderConfigured = await schemes.GetSchemeAsync(ConsoleAuth.OpenIdScheme) is not null;
        return Page();
    }

    public async Task<IActionResult> OnGetProviderAsync() =>
        Development || await schemes.GetSchemeAsync(ConsoleAuth.OpenIdScheme) is null
            ? RedirectToPage()
            : Challenge(new AuthenticationProperties { RedirectUri = LocalOrHome(ReturnUrl) }, ConsoleAuth.OpenIdScheme);

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Development)
        {
            return NotFound();
        }

        var subject = Subject?.Trim() ?? string.Empty;
        if (subject.Length == 0)
        {
            Errors["sub"] = [text["Required"]];
        }

        if (!ConsoleAuth.ConsoleRoles.Contains(Role))
        {
            Role = Roles.TenantAdmin;
        }

        var tenant = Tenant?.Trim() ?? string.Empty;
        if (Role == Roles.TenantAdmin && !TenantPattern().IsMatch(tenant))
        {
            Errors["tenant_id"] = [text["TenantIdRule"]];
        }

        var claims = new List<Claim> { new(Claims.Subject, subject), new(Claims.Role, Role!) };
        if (Role == Roles.TenantAdmin)
        {
            claims.Add(new Claim(Claims.TenantId, tenant));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ConsoleAuth.Scheme, Claims.Subject, Claims.Role));
        if (Errors.Count == 0 && ClaimRules.Problem(principal) is { } problem)
        {
            Errors["sub"] = [ConsoleMessages.Say(problem)];
        }

        if (Errors.Count > 0)
        {
            return Page();
        }

        await HttpContext.SignInAsync(ConsoleAuth.Scheme, principal);
        return LocalRedirect(LocalOrHome(ReturnUrl));
    }

    private string LocalOrHome(string? url) => url is not null && Url.IsLocalUrl(url) ? url : ConsoleSetup.Path;

    [GeneratedRegex("^[a-z0-9-]{2,63}$")]
    private static partial Regex TenantPattern();
}
