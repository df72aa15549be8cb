using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.History;

public sealed class TimeTravelTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task a_version_shows_the_view_as_it_was_then()
    {
        var tenant = await ConfiguredTenantAsync();
        Assert.Equal(200, (await Admin(tenant).PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "Nowa Nazwa" })).Status);

        var reply = await As(Identity.Support).GetAsync($"{Settings(tenant)}?version=2");

        Assert.Equal(200, reply.Status);
        Assert.Equal(2, reply.Version);
        Assert.Equal("\"2\"", reply.ETag);
        Assert.Equal("Biuro Acme", reply.Json["senderName"]!.GetValue<string>());
        Assert.Equal("Biuro Acme <automat@desktomy.pl>", reply.Json["effective"]!["from"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_instant_shows_the_view_that_was_current_at_that_instant()
    {
        var tenant = NewTenant();
        var admin = Admin(tenant);
        var beforeAnything = DateTimeOffset.UtcNow;
        await Task.Delay(5);
        Assert.Equal(201, (await admin.PutAsync($"{Settings(tenant)}/primary-email", new { primaryEmail = "biuro@acme.pl" })).Status);
        var afterFirst = DateTimeOffset.UtcNow;
        await Task.Delay(5);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/primary-email", new { primaryEmail = "nowy@acme.pl" })).Status);

        var then = await admin.GetAsync($"{Settings(tenant)}?asOf={Uri.EscapeDataString(afterFirst.ToString("O"))}");
        var before = await admin.GetAsync($"{Settings(tenant)}?asOf={Uri.EscapeDataString(beforeAnything.ToString("O"))}");

        Assert.Equal(200, then.Status);
        Assert.Equal(1, then.Version);
        Assert.Equal("biuro@acme.pl", then.Json["primaryEmail"]!.GetValue<string>());
        Assert.Equal(404, before.Status);
    }

    [Theory]
    [InlineData("version=3", "version")]
    [InlineData("version=0", "version")]
    [InlineData("version=-1", "version")]
    [InlineData("version=abc", "version")]
    [InlineData("asOf=yesterday", "asOf")]
    [InlineData("version=1&asOf=2026-01-01T00:00:00Z", "asOf")]
    public async Task an_impossible_point_in_time_is_rejected(string query, string field)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).GetAsync($"{Settings(tenant)}?{query}");

        Assert.Equal(400, reply.Status);
        Assert.Equal("application/problem+json", reply.ContentType);
        Assert.NotNull(reply.Json["errors"]![field]);
    }

    [Fact]
    public async Task a_version_of_a_tenant_without_settings_is_not_found()
    {
        var tenant = NewTenant();

        Assert.Equal(404, (await Admin(tenant).GetAsync($"{Settings(tenant)}?version=1")).Status);
    }
}
