using Microsoft.AspNetCore.Authorization;

namespace Desktomy.Email.Api.Auth;

/// <summary>The role/tenant matrix of the contract, one policy per column.</summary>
public static class Policies
{
    public const string ReadSettings = nameof(ReadSettings);
    public const string ChangeSettings = nameof(ChangeSettings);
    public const string RollBack = nameof(RollBack);
    public const string ListTenants = nameof(ListTenants);
    public const string SendMail = nameof(SendMail);
    public const string ReadDeliveries = nameof(ReadDeliveries);
    public const string ManageDeliveries = nameof(ManageDeliveries);

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(ReadSettings, p => p.RequireAuthenticatedUser()
            .AddRequirements(new TenantAccessRequirement([Roles.TenantAdmin], [Roles.Auditor, Roles.Support])));
        options.AddPolicy(ChangeSettings, p => p.RequireAuthenticatedUser()
            .AddRequirements(new TenantAccessRequirement([Roles.TenantAdmin], [])));
        options.AddPolicy(RollBack, p => p.RequireRole(Roles.Support));
        options.AddPolicy(SendMail, p => p.RequireAuthenticatedUser()
            .AddRequirements(new TenantAccessRequirement([Roles.TenantAdmin, Roles.Sender], [], wildcardRoles: [Roles.Sender])));
        options.AddPolicy(ReadDeliveries, p => p.RequireAuthenticatedUser()
            .AddRequirements(new TenantAccessRequirement([Roles.TenantAdmin, Roles.Sender], [Roles.Auditor, Roles.Support], wildcardRoles: [Roles.Sender])));
        options.AddPolicy(ManageDeliveries, p => p.RequireAuthenticatedUser()
            .AddRequirements(new TenantAccessRequirement([Roles.TenantAdmin, Roles.Sender], [Roles.Support], wildcardRoles: [Roles.Sender])));
        options.AddPolicy(ListTenants, p => p.RequireRole(Roles.Auditor, Roles.Support));
    }
}
