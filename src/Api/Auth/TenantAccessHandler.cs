using Microsoft.AspNetCore.Authorization;

namespace Desktomy.Email.Api.Auth;

public sealed class TenantAccessHandler : AuthorizationHandler<TenantAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantAccessRequirement requirement)
    {
        var user = context.User;
        if (requirement.AnyTenantRoles.Any(user.IsInRole))
        {
            context.Succeed(requirement);
            return Task.CompletedTask;
        }

        var routeTenant = (context.Resource as HttpContext)?.GetRouteValue("tenantId") as string;
        var claimedTenant = user.FindFirst(Claims.TenantId)?.Value;
        var ownTenant = routeTenant is not null && string.Equals(claimedTenant, routeTenant, StringComparison.Ordinal);
        var allTenants = claimedTenant == Claims.AllTenants;

        if (requirement.OwnTenantRoles.Any(role => user.IsInRole(role) && (ownTenant || (allTenants && requirement.WildcardRoles.Contains(role)))))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
