using Desktomy.Email.Api.Auth;
using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Edges;

/// <summary>A 403 problem says whether the role or the tenant is wrong, and reads the same whether the other tenant exists or not.</summary>
public sealed class ForbiddenDetailTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task a_tenant_admin_of_another_tenant_is_told_the_tenant_is_wrong_whether_or_not_it_exists()
    {
        var existing = await ConfiguredTenantAsync();
        var stranger = Admin(NewTenant());

        var onExisting = await stranger.GetAsync(Settings(existing));
        var onMissing = await stranger.GetAsync(Settings(NewTenant()));

        Assert.Equal(403, onExisting.Status);
        Assert.Equal(403, onMissing.Status);
        Assert.Equal(TenantAccessHandler.WrongTenant, onExisting.Json["detail"]!.GetValue<string>());
        Assert.Equal(onExisting.Json["detail"]!.GetValue<string>(), onMissing.Json["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_tenant_admin_without_a_tenant_is_told_the_token_names_none()
    {
        var reply = await As(new Identity("admin", [Roles.TenantAdmin], null)).GetAsync(Settings(NewTenant()));

        Assert.Equal(403, reply.Status);
        Assert.Equal(TenantAccessHandler.NoTenant, reply.Json["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("auditor", "PUT /sender-name")]
    [InlineData("sender", "GET /email-settings")]
    [InlineData("tenant-admin", "POST /rollback")]
    [InlineData("tenant-admin", "GET /tenants")]
    public async Task a_caller_without_the_role_is_told_the_role_is_wrong_and_which_roles_may(string role, string route)
    {
        var tenant = await ConfiguredTenantAsync();
        var caller = As(new Identity("someone", [role], tenant));

        var reply = route switch
        {
            "PUT /sender-name" => await caller.PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "X" }),
            "GET /email-settings" => await caller.GetAsync(Settings(tenant)),
            "POST /rollback" => await caller.PostAsync($"{Settings(tenant)}/rollback", new { toVersion = 1, reason = "r" }),
            _ => await caller.GetAsync("/api/v1/tenants"),
        };

        Assert.Equal(403, reply.Status);
        Assert.Equal("application/problem+json", reply.ContentType);
        var detail = reply.Json["detail"]!.GetValue<string>();
        Assert.StartsWith("The token's role may not do this; allowed roles: ", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(role + ",", detail, StringComparison.Ordinal);
    }
}
