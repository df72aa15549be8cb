using Microsoft.AspNetCore.Authorization;

namespace Desktomy.Email.Api.Auth;

/// <summary>
/// Allowed when the caller has one of <see cref="AnyTenantRoles"/>, or one of <see cref="OwnTenantRoles"/> with a
/// <c>tenant_id</c> claim equal to the route's tenant (or <c>*</c> for a role in <see cref="WildcardRoles"/>).
/// </summary>
public sealed class TenantAccessRequirement(string[] ownTenantRoles, string[] anyTenantRoles, string[]? wildcardRoles = null)
    : IAuthorizationRequirement
{
    public IReadOnlyList<string> OwnTenantRoles { get; } = ownTenantRoles;

    public IReadOnlyList<string> AnyTenantRoles { get; } = anyTenantRoles;

    public IReadOnlyList<string> WildcardRoles { get; } = wildcardRoles ?? [];
}
