using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Desktomy.Email.Api.AdminConsole.Pages;

/// <summary>Remembers the chosen language for a year in the culture cookie and returns to the page the user was on.</summary>
[AllowAnonymous]
public sealed class LanguageModel : PageModel
{
    public IActionResult OnGet() => Redirect(ConsoleSetup.Path);

    public IActionResult OnPost(string? language, string? returnUrl)
    {
        var culture = ConsoleSetup.Cultures.FirstOrDefault(c => c.Name == language) ?? ConsoleSetup.Cultures[0];
        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true, Path = "/" });
        return LocalRedirect(returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : ConsoleSetup.Path);
    }
}
