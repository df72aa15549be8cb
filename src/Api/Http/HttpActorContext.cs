using Desktomy.Email.Api.Auth;
using Desktomy.Email.Application.Common;

namespace Desktomy.Email.Api.Http;

/// <summary>The actor is the token's <c>sub</c> (checked by <see cref="ClaimRules"/>); the correlation id comes from <c>X-Correlation-Id</c> or the request's trace.</summary>
public sealed class HttpActorContext(IHttpContextAccessor accessor) : IActorContext
{
    public string ActorId => Http.User.FindFirst(Claims.Subject)?.Value
        ?? throw new InvalidOperationException("A change was attempted without an authenticated actor.");

    public string CorrelationId => CorrelationIds.Of(Http);

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("No HTTP request is in progress.");
}
