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
        var diff = reply.As<DiffView>();
        Assert.Equal(1, diff.From);
        Assert.Equal(4, diff.To);
        Assert.Equal(["primaryEmail", "senderName"], diff.Changes.Select(c => c.Field));
        Assert.Equal("biuro@acme.pl", (string?)diff.Changes[0].From);
        Assert.Equal("nowy@acme.pl", (string?)diff.Changes[0].To);
        Assert.Null(diff.Changes[1].From);
        Assert.Equal("Inna", (string?)diff.Changes[1].To);
    }

    [Fact]
    public async Task diff_of_a_version_with_itself_is_empty_and_diff_backwards_swaps_from_and_to()
    {
        var tenant = await ConfiguredTenantAsync();

        var same = await Admin(tenant).GetAsync($"{Settings(tenant)}/diff?from=2&to=2");
        var backwards = await Admin(tenant).GetAsync($"{Settings(tenant)}/diff?from=2&to=1");

        Assert.Empty(same.As<DiffView>().Changes);
        var change = Assert.Single(backwards.As<DiffView>().Changes);
        Assert.Equal("Biuro Acme", (string?)change.From);
        Assert.Null(change.To);
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
        Assert.NotEmpty(reply.As<ProblemView>().ErrorsFor(field));
    }
}
