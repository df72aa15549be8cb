namespace Desktomy.Email.Application.Secrets;

/// <summary>A tenant's data key, stored only wrapped by a master key. One per tenant (conjoined tenancy).</summary>
public sealed record TenantDataKey(string Id, string TenantId, string WrappedKey, string MasterKeyId, DateTimeOffset CreatedAt)
{
    public const string SmtpPasswordKeyId = "smtp-password";
}
