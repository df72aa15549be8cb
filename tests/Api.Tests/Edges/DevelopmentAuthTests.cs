using System.Text.Json.Nodes;
using Desktomy.Email.Api.Auth;
using Desktomy.Email.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Desktomy.Email.Api.Tests.Edges;

/// <summary>
/// The service in Development with Auth:Issuer and Auth:Audience set: both are enforced on HS256 tokens, the tokens it
/// mints carry them, and a 401 explains itself (only here).
/// </summary>
public sealed class DevelopmentAuthTests(DevelopmentAuthTests.DevelopmentApiFactory factory) : IClassFixture<DevelopmentAuthTests.DevelopmentApiFactory>
{
    private const string Issuer = "https://id.desktomy.test";
    private const string Audience = "desktomy-email";

    public static TheoryData<string> Refused => new() { "no iss", "wrong iss", "no aud", "wrong aud" };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task a_token_without_the_configured_issuer_or_audience_is_401(string claimsCase)
    {
        var claims = Jws.Claims("alice", Roles.Auditor, null);
        claims["iss"] = Issuer;
        claims["aud"] = Audience;
        switch (claimsCase)
        {
            case "no iss": claims.Remove("iss"); break;
            case "wrong iss": claims["iss"] = "https://evil.test"; break;
            case "no aud": claims.Remove("aud"); break;
            default: claims["aud"] = "another-api"; break;
        }

        var reply = await Client().SendAsync(HttpMethod.Get, "/api/v1/tenants", null, null, Jws.Sign(claims));

        Assert.Equal(401, reply.Status);
    }

    [Fact]
    public async Task a_token_with_the_configured_issuer_and_audience_is_accepted()
    {
        var claims = Jws.Claims("alice", Roles.Auditor, null);
        claims["iss"] = Issuer;
        claims["aud"] = new JsonArray("another-api", Audience);

        var reply = await Client().SendAsync(HttpMethod.Get, "/api/v1/tenants", null, null, Jws.Sign(claims));

        Assert.Equal(200, reply.Status);
    }

    [Fact]
    public async Task in_development_a_401_says_why_the_token_was_refused()
    {
        var claims = Jws.Claims("alice", Roles.Auditor, null);
        claims["iss"] = "https://evil.test";
        claims["aud"] = Audience;

        var reply = await Client().SendAsync(HttpMethod.Get, "/api/v1/tenants", null, null, Jws.Sign(claims));

        Assert.Equal(401, reply.Status);
        Assert.Contains("error_description", reply.WwwAuthenticate, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_development_tokens_on_the_api_reference_carry_the_issuer_and_audience_and_work()
    {
        var document = await Client().GetAsync("/openapi/v1.json");
        var description = document.Json["info"]!["description"]!.GetValue<string>();
        var support = System.Text.RegularExpressions.Regex.Match(description, @"- support: `(?<token>[^`]+)`").Groups["token"].Value;

        var reply = await Client().SendAsync(HttpMethod.Get, "/api/v1/tenants", null, null, support);

        Assert.Contains("Development tokens", description, StringComparison.Ordinal);
        Assert.Equal(200, reply.Status);
    }

    [Fact]
    public async Task the_token_command_mints_with_the_configured_issuer_and_audience()
    {
        var (exit, output, _) = await CliProcess.RunAsync(
            ["token", "--role", "support", "--sub", "cli"],
            new Dictionary<string, string> { ["Auth__SigningKey"] = ApiFactory.SigningKey, ["Auth__Issuer"] = Issuer, ["Auth__Audience"] = Audience });

        var reply = await Client().SendAsync(HttpMethod.Get, "/api/v1/tenants", null, null, output.Trim());

        Assert.Equal(0, exit);
        Assert.Equal(200, reply.Status);
    }

    private ApiClient Client() => new(factory.CreateClient(), Identity.None);

    public sealed class DevelopmentApiFactory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string> SpecialSettings => new Dictionary<string, string>
        {
            ["Auth:Issuer"] = Issuer,
            ["Auth:Audience"] = Audience,
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Development");
        }
    }
}
