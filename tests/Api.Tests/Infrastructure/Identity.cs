namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>Who calls the API in a test; <see cref="None"/> sends no token.</summary>
public sealed record Identity(string Subject, string[] Roles, string? TenantId)
{
    public static readonly Identity None = new("nobody", [], null);

    public static Identity TenantAdmin(string tenant) => new($"admin-of-{tenant}", ["tenant-admin"], tenant);

    public static Identity Auditor => new("auditor-1", ["auditor"], null);

    public static Identity Support => new("support-1", ["support"], null);

    public static Identity Sender(string tenant) => new($"service-{tenant}", ["sender"], tenant);
}
