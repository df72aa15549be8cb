using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.History;

public sealed class DiffTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task diff_lists_exactly_the_fields_that_differ_between_two_versions()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "Inna" })).Status);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/primary-email", new { primaryEmail = "nowy@acme.pl" })).Status);

        var reply = await As(Identity.Auditor).GetAsync($"{Settings(tenant)}/diff?from=1&to=4");

        Assert.Equal(200, reply.Status);
        Assert.Equal(1, reply.Json["from"]!.GetValue<long>());
        Assert.Equal(4, reply.Json["to"]!.GetValue<long>());
        var changes = reply.Json["changes"]!.AsArray();
        Assert.Equal(["primaryEmail", "senderName"], changes.Select(c => c!["field"]!.GetValue<string>()));
        Assert.Equal("biuro@acme.pl", changes[0]!["from"]!.GetValue<string>());
        Assert.Equal("nowy@acme.pl", changes[0]!["to"]!.GetValue<string>());
        Assert.Null(changes[1]!["from"]);
        Assert.Equal("Inna", changes[1]!["to"]!.GetValue<string>());
    }

    [Fact]
    public async Task diff_of_a_version_with_itself_is_empty_and_diff_backwards_swaps_from_and_to()
    {
        var tenant = await ConfiguredTenantAsync();

        var same = await Admin(tenant).GetAsync($"{Settings(tenant)}/diff?from=2&to=2");
        var backwards = await Admin(tenant).GetAsync($"{Settings(tenant)}/diff?from=2&to=1");

        Assert.Empty(same.Json["changes"]!.AsArray());
        var change = Assert.Single(backwards.Json["changes"]!.AsArray())!;
        Assert.Equal("Biuro Acme", change["from"]!.GetValue<string>());
        Assert.Null(change["to"]);
    }

    [Theory]
    [InlineData("from=1&to=3", "to")]
    [InlineData("from=-1&to=1", "from")]
    [InlineData("from=1", "to")]
    [InlineData("from=x&to=1", "from")]
    public async Task diff_with_impossible_versions_is_rejected(string query, string field)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).GetAsync($"{Settings(tenant)}/diff?{query}");

        Assert.Equal(400, reply.Status);
        Assert.Equal("application/problem+json", reply.ContentType);
        Assert.NotNull(reply.Json["errors"]![field]);
    }
}
