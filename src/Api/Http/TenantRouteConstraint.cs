using Desktomy.Email.Domain.Tenants;

namespace Desktomy.Email.Api.Http;

/// <summary><c>{tenantId:tenant}</c>: a route with a malformed tenant id matches nothing (404).</summary>
public sealed class TenantRouteConstraint : IRouteConstraint
{
    public const string Name = "tenant";

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        TenantId.IsValid(values[routeKey] as string);
}
