using System.Net;
using System.Text.RegularExpressions;
using Desktomy.Email.Api.Tests.Infrastructure;
using Marten;

namespace Desktomy.Email.Api.Tests.Edges;

/// <summary>What a caller meets before any settings: the root page, readiness, the correlation id it is given back.</summary>
public sealed partial class FirstContactTests(ApiFactory factory) : ApiTest(factory)
{
    [Theory]
    [InlineData("<script>alert(1)</script> 'or' \"x\"")]
    [InlineData("a b")]
    [InlineData("ąę")]
    [InlineData("129 characters")]
    public async Task an_unacceptable_correlation_id_is_replaced_and_the_one_used_is_returned(string supplied)
    {
        var value = supplied == "129 characters" ? new string('a', 129) : supplied;
        var tenant = NewTenant();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Settings(tenant)}/primary-email")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { primaryEmail = "biuro@acme.pl" }),
        };
        request.Headers.Authorization = new("Bearer", ApiClient.TokenFor(Identity.TenantAdmin(tenant)));
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", value);

        using var response = await Factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var used = Assert.Single(response.Headers.GetValues("X-Correlation-Id"));
        Assert.Matches(Acceptable(), used);
        Assert.NotEqual(value, used);
        await using var session = Factory.Store.QuerySession(tenant);
        Assert.Equal(used, Assert.Single(await session.Events.FetchStreamAsync(tenant)).CorrelationId);
    }

    [Fact]
    public async Task an_acceptable_correlation_id_is_kept_and_returned_on_every_response()
    {
        const string value = "order-42.retry:1_A";
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Correlation-Id", value);

        using var response = await Factory.CreateClient().SendAsync(request);
        using var unauthorised = await Factory.CreateClient().GetAsync(new Uri("/api/v1/tenants", UriKind.Relative));

        Assert.Equal(value, Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
        Assert.Matches(Acceptable(), Assert.Single(unauthorised.Headers.GetValues("X-Correlation-Id")));
    }

    [Fact]
    public async Task readiness_without_a_token_says_only_healthy_or_unhealthy()
    {
        var anonymous = await As(Identity.None).GetAsync("/health/ready");
        var admin = await Admin(NewTenant()).GetAsync("/health/ready");

        Assert.Equal(200, anonymous.Status);
        Assert.Equal("""{"status":"Healthy"}""", anonymous.Body);
        Assert.Equal("""{"status":"Healthy"}""", admin.Body);
        Assert.DoesNotContain("127.0.0.1", anonymous.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("support")]
    [InlineData("auditor")]
    public async Task readiness_names_the_checks_to_platform_staff(string role)
    {
        var reply = await As(new Identity("staff", [role], null)).GetAsync("/health/ready");

        Assert.Equal("Healthy", reply.Json["checks"]!["postgres"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", reply.Json["checks"]!["platform-smtp"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_root_leads_to_the_console_which_asks_to_sign_in()
    {
        using var http = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var root = await http.GetAsync(new Uri("/", UriKind.Relative));
        using var console = await http.GetAsync(root.Headers.Location);
        using var page = await http.GetAsync(console.Headers.Location);

        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/admin", root.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, console.StatusCode);
        Assert.StartsWith("/admin/sign-in", console.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task the_api_reference_page_works_offline_and_the_document_introduces_the_api()
    {
        var page = await As(Identity.None).GetAsync("/scalar");
        var document = await As(Identity.None).GetAsync("/openapi/v1.json");

        Assert.Equal(200, page.Status);
        foreach (var offline in new[] { "\"agent\":{\"disabled\":true}", "\"mcp\":{\"disabled\":true}", "\"telemetry\":false", "\"withDefaultFonts\":false", "\"hideClientButton\":true", "\"showDeveloperTools\":\"never\"" })
        {
            Assert.Contains(offline, page.Body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("cdn.jsdelivr", page.Body, StringComparison.Ordinal);
        Assert.Equal("Desktomy.Email API", document.Json["info"]!["title"]!.GetValue<string>());
        var description = document.Json["info"]!["description"]!.GetValue<string>();
        Assert.Contains("primary e-mail", description, StringComparison.Ordinal);
        Assert.DoesNotContain("Development tokens", description, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\A[A-Za-z0-9._:-]{1,128}\z")]
    private static partial Regex Acceptable();
}
