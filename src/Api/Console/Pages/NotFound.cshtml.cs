using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Desktomy.Email.Api.AdminConsole.Pages;

/// <summary>Says that what the address names does not exist. Sent with 404.</summary>
[AllowAnonymous]
public sealed class NotFoundModel : PageModel
{
    public void OnGet() => Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status404NotFound;
}
