using System.Diagnostics;
using System.Net.Http.Json;
using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Operations;

/// <summary>
/// PostgreSQL stops under a running service: requests get 503 problems quickly (not 500, no hang); when it is back the
/// service recovers by itself and every change it acknowledged is still there.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class DatabaseOutageTests
{
    private const string Tenant = "outage";

    [Fact]
    public async Task requests_during_an_outage_are_503_and_the_service_recovers_without_losing_a_change()
    {
        await using var cluster = await DisposableCluster.StartAsync();
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings:Postgres"] = cluster.ConnectionString,
            ["Auth:SigningKey"] = ApiFactory.SigningKey,
            ["Secrets:MasterKey"] = "5ZGLncQp1PxBcb54XkPIFl3YUmRg8u+rnvsRcHAOwfc=",
            ["Mail:Platform:Host"] = "127.0.0.1",
            ["Mail:Platform:Port"] = "1",
            ["Logging:LogLevel:Default"] = "Critical",
        });
        using var http = service.Client(Identity.TenantAdmin(Tenant));
        var settings = $"/api/v1/tenants/{Tenant}/email-settings";

        Assert.Equal(201, (int)(await http.PutAsJsonAsync($"{settings}/primary-email", new { primaryEmail = "biuro@acme.pl" })).StatusCode);
        var acknowledged = 1;
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(200, (int)(await http.PutAsJsonAsync($"{settings}/sender-name", new { senderName = $"Before {i}" })).StatusCode);
            acknowledged++;
        }

        await cluster.StopAsync();
        for (var i = 0; i < 5; i++)
        {
            var started = Stopwatch.StartNew();
            using var change = await http.PutAsJsonAsync($"{settings}/sender-name", new { senderName = $"During {i}" });
            using var read = await http.GetAsync(new Uri(settings, UriKind.Relative));

            Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"the service hung for {started.Elapsed} during the outage");
            foreach (var response in new[] { change, read })
            {
                Assert.Equal(503, (int)response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        await cluster.RestartAsync();
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        HttpResponseMessage? after;
        while (true)
        {
            after = await http.PutAsJsonAsync($"{settings}/sender-name", new { senderName = "After" });
            if ((int)after.StatusCode == 200 || DateTimeOffset.UtcNow > deadline)
            {
                break;
            }

            after.Dispose();
            await Task.Delay(500);
        }

        Assert.Equal(200, (int)after.StatusCode);
        acknowledged++;
        var view = ContractJson.Read<SettingsView>(await http.GetStringAsync(new Uri(settings, UriKind.Relative)));
        Assert.Equal(acknowledged, view.Version);
        Assert.Equal("After", view.SenderName);
        after.Dispose();
    }
}
