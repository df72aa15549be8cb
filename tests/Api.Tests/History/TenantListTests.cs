using System.Security.Cryptography;
using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.History;

public sealed class TenantListTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task support_and_auditors_page_through_tenants_in_id_order()
    {
        var prefix = $"list-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        foreach (var suffix in new[] { "c", "a", "b" })
        {
            var tenant = $"{prefix}-{suffix}";
            Assert.Equal(201, (await Admin(tenant).PutAsync($"{Settings(tenant)}/primary-email", new { primaryEmail = "biuro@acme.pl" })).Status);
        }

        var first = await As(Identity.Support).GetAsync($"/api/v1/tenants?after={prefix}&limit=2");
        var firstPage = first.As<TenantPageView>();
        var second = await As(Identity.Auditor).GetAsync($"/api/v1/tenants?after={firstPage.NextAfter}&limit=1");

        Assert.Equal(200, first.Status);
        Assert.Equal([$"{prefix}-a", $"{prefix}-b"], firstPage.Items.Select(i => i.TenantId));
        var item = firstPage.Items[0];
        Assert.Equal(1, item.Version);
        Assert.Equal(SenderTransport.Platform, item.Transport);
        Assert.Equal($"admin-of-{prefix}-a", item.UpdatedBy);
        Assert.NotEqual(default, item.UpdatedAt);
        Assert.Equal(200, second.Status);
        Assert.Equal($"{prefix}-c", second.As<TenantPageView>().Items[0].TenantId);
    }

    [Fact]
    public async Task tenant_admins_and_senders_cannot_list_tenants()
    {
        Assert.Equal(403, (await Admin("acme").GetAsync("/api/v1/tenants")).Status);
        Assert.Equal(403, (await As(Identity.Sender("acme")).GetAsync("/api/v1/tenants")).Status);
        Assert.Equal(401, (await As(Identity.None).GetAsync("/api/v1/tenants")).Status);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=501")]
    [InlineData("limit=x")]
    public async Task an_impossible_limit_is_rejected(string query)
    {
        Assert.Equal(400, (await As(Identity.Support).GetAsync($"/api/v1/tenants?{query}")).Status);
    }
}
