using System.Diagnostics.CodeAnalysis;
using Desktomy.Email.Application.Common;

namespace Desktomy.Email.Api.Http;

public static class RequiredBody
{
    /// <summary>An empty body or JSON <c>null</c> is a 400 on the whole body (<c>$</c>), like a body that is not JSON.</summary>
    public static T Of<T>([NotNull] T? body)
        where T : class =>
        body ?? throw RequestValidationException.For("$", "The body must be a JSON object.");
}
