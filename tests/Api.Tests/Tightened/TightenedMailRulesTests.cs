using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Tightened;

/// <summary>The contract's "Tightened rules" for mail: what would have reached PostgreSQL as a 500 is a 400 naming the field.</summary>
public sealed class TightenedMailRulesTests(ApiFactory factory) : ApiTest(factory)
{
    [Theory]
    [InlineData("textBody")]
    [InlineData("htmlBody")]
    public async Task a_nul_in_a_mail_body_is_a_400_naming_the_body_and_queues_nothing(string field)
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        var mail = new Dictionary<string, object?> { ["to"] = new[] { "jan@klient.pl" }, ["subject"] = "Faktura", [field] = "a\0b" };
        var notification = new Dictionary<string, object?> { ["subject"] = "Skan", [field] = "a\0b" };

        var email = await admin.PostAsync($"/api/v1/tenants/{tenant}/emails", mail);
        var notice = await admin.PostAsync($"/api/v1/tenants/{tenant}/notifications", notification);

        foreach (var reply in new[] { email, notice })
        {
            Assert.Equal(400, reply.Status);
            Assert.NotNull(reply.Json["errors"]![field]);
        }

        Assert.Empty((await admin.GetAsync($"/api/v1/tenants/{tenant}/emails")).Json["items"]!.AsArray());
    }

    [Theory]
    [InlineData("a%1Bb")] // a NUL in the path is refused by the server itself before any endpoint
    [InlineData("a%0D%0Ab")]
    public async Task a_mail_id_with_control_characters_is_a_400_naming_it(string id)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).GetAsync($"/api/v1/tenants/{tenant}/emails/{id}");

        Assert.Equal(400, reply.Status);
        Assert.NotNull(reply.Json["errors"]!["id"]);
    }

    [Theory]
    [InlineData("status=Bogus", "status")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=0", "limit")]
    public async Task a_delivery_list_query_that_does_not_parse_is_a_400_naming_the_parameter(string query, string field)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).GetAsync($"/api/v1/tenants/{tenant}/emails?{query}");

        Assert.Equal(400, reply.Status);
        Assert.NotNull(reply.Json["errors"]![field]);
    }

    [Fact]
    public async Task an_unknown_mail_is_a_404_problem()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).GetAsync($"/api/v1/tenants/{tenant}/emails/{Guid.NewGuid()}");

        Assert.Equal(404, reply.Status);
        Assert.Equal("application/problem+json", reply.ContentType);
    }
}
