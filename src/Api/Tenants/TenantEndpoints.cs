using Desktomy.Email.Api.Auth;
using Desktomy.Email.Api.Http;
using Desktomy.Email.Application.Tenants;
using Mediator;

namespace Desktomy.Email.Api.Tenants;

/// <summary><c>/api/v1/tenants</c>: lets support and auditors find a tenant without knowing its id.</summary>
public static class TenantEndpoints
{
    public static void MapTenantEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/tenants", async (IMediator mediator, CancellationToken ct, string? after, WholeNumber limit) =>
                Results.Ok(await mediator.Send(new ListTenantsQuery(after, limit.AsInt() ?? ListTenantsQuery.DefaultLimit), ct)))
            .WithTags("Tenants")
            .RequireAuthorization(Policies.ListTenants)
            .Documented<TenantPage>("Tenants with e-mail settings, by id", "auditor, support", 200, 400);
}
