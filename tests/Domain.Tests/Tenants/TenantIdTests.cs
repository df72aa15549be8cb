using Desktomy.Email.Domain.Tenants;

namespace Desktomy.Email.Domain.Tests.Tenants;

public sealed class TenantIdTests
{
    public static TheoryData<string> Valid => ["acme", "ab", "acme-2", "123", new string('a', 63)];

    public static TheoryData<string> Invalid => ["", "a", new string('a', 64), "Acme", "ac_me", "ac me", "acme.pl", "żółw", "acme\n"];

    [Theory]
    [MemberData(nameof(Valid))]
    public void a_tenant_id_of_2_to_63_lower_case_letters_digits_or_hyphens_is_valid(string value)
    {
        Assert.True(TenantId.IsValid(value));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void any_other_tenant_id_is_invalid(string value)
    {
        Assert.False(TenantId.IsValid(value));
    }

    [Fact]
    public void a_missing_tenant_id_is_invalid()
    {
        Assert.False(TenantId.IsValid(null));
    }
}
