using Desktomy.Email.Application.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Desktomy.Email.Api.AdminConsole;

/// <summary>
/// What a console URL names and does not exist (a mail id, a tenant without settings, a malformed id) is a page that
/// says so in the console's language, not the API's problem document.
/// </summary>
public sealed class ConsoleNotFoundFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is NotFoundException || (executed.Exception is RequestValidationException && HttpMethods.IsGet(context.HttpContext.Request.Method)))
        {
            executed.ExceptionHandled = true;
            executed.Result = new RedirectResult($"{ConsoleSetup.Path}/not-found");
        }
    }
}
