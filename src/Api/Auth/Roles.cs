namespace Desktomy.Email.Api.Auth;

public static class Roles
{
    public const string TenantAdmin = "tenant-admin";
    public const string Auditor = "auditor";
    public const string Support = "support";
    public const string Sender = "sender";
}
