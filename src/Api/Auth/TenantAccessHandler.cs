using Microsoft.AspNetCore.Authorization;

namespace Desktomy.Email.Api.Auth;

/// <summary>
/// The tenant half of the matrix. A refusal says whether the role or the tenant is wrong; it never depends on whether
/// the route's tenant exists.
/// </summary>
public sealed class TenantAccessHandler : AuthorizationHandler<TenantAccessRequirement>
{
    public const string WrongTenant = "The token is not for this tenant (its tenant_id claim names another one).";
    public const string SeveralTenants = "The token must name exactly one tenant in its tenant_id claim.";
    public const string NoTenant = "The token names no tenant (tenant_id claim).";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantAccessRequirement requirement)
    {
        var user = context.User;
        if (requirement.AnyTenantRoles.Any(user.IsInRole))
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        var roles = requirement.OwnTenantRoles.Where(user.IsInRole).ToList();
        if (roles.Count == 0)
        {
            var allowed = requirement.OwnTenantRoles.Concat(requirement.AnyTenantRoles).Distinct();
            context.Fail(new AuthorizationFailureReason(this, $"The token's role may not do this; allowed roles: {string.Join(", ", allowed)}."));
            return Task.CompletedTask;
        }

        var claimed = user.FindAll(Claims.TenantId).Select(claim => claim.Value).ToList();
        if (claimed is not [var tenant])
        {
            context.Fail(new AuthorizationFailureReason(this, claimed.Count == 0 ? NoTenant : SeveralTenants));
            return Task.CompletedTask;
        }

        var routeTenant = (context.Resource as HttpContext)?.GetRouteValue("tenantId") as string;
        var ownTenant = routeTenant is not null && string.Equals(tenant, routeTenant, StringComparison.Ordinal);
        var allTenants = tenant == Claims.AllTenants;
        if (roles.Any(role => ownTenant || (allTenants && requirement.WildcardRoles.Contains(role))))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, WrongTenant));
        }

        return Task.CompletedTask;
    }
}
