namespace Desktomy.Email.Api.Auth;

public static class Claims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string TenantId = "tenant_id";
    public const string AllTenants = "*";
}
