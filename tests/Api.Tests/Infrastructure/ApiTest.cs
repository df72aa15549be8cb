using System.Security.Cryptography;
using Desktomy.Email.MailCatcher;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>Shared steps of the API tests. Each test works on a tenant of its own, so tests never see each other's data.</summary>
[Collection(ApiTestGroup.Name)]
public abstract class ApiTest(ApiFactory factory)
{
    protected ApiFactory Factory { get; } = factory;

    protected SmtpServers Smtp => Factory.Smtp;

    protected static string NewTenant() => $"t-{RandomNumberGenerator.GetHexString(12, lowercase: true)}";

    protected static string Settings(string tenant) => ApiClient.Settings(tenant);

    protected ApiClient As(Identity identity) => Factory.Client(identity);

    protected ApiClient Admin(string tenant) => As(Identity.TenantAdmin(tenant));

    /// <summary>A tenant with a primary e-mail and a sender name: version 2.</summary>
    protected async Task<string> ConfiguredTenantAsync()
    {
        var tenant = NewTenant();
        var admin = Admin(tenant);
        Assert.Equal(201, (await admin.PutAsync($"{Settings(tenant)}/primary-email", new { primaryEmail = "biuro@acme.pl" })).Status);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "Biuro Acme" })).Status);
        return tenant;
    }

    /// <summary>The own-SMTP form for one of the test servers; override fields with <c>with</c>-style anonymous objects.</summary>
    protected static Dictionary<string, object?> SmtpForm(
        MailCatcherServer server,
        string? security,
        string? password = SmtpServers.Password,
        string? username = SmtpServers.Username,
        bool verifyCertificate = false,
        int timeoutSeconds = 5) => new()
        {
            ["senderEmail"] = "poczta@acme.pl",
            ["host"] = "127.0.0.1",
            ["port"] = server.Port,
            ["security"] = security,
            ["username"] = username,
            ["password"] = password,
            ["advanced"] = new Dictionary<string, object?>
            {
                ["heloName"] = "app.acme.pl",
                ["timeoutSeconds"] = timeoutSeconds,
                ["verifyCertificate"] = verifyCertificate,
                ["authMechanism"] = "Auto",
            },
        };

    /// <summary>Polls a delivery until it is Sent or Failed (the queue works in the background).</summary>
    protected async Task<System.Text.Json.Nodes.JsonNode> FinishedDeliveryAsync(string tenant, string id, TimeSpan? timeout = null)
    {
        var reader = As(Identity.Support);
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var reply = await reader.GetAsync($"/api/v1/tenants/{tenant}/emails/{id}");
            Assert.Equal(200, reply.Status);
            var status = reply.Json["status"]!.GetValue<string>();
            if (status is "Sent" or "Failed")
            {
                return reply.Json;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"delivery {id} is still {status}: {reply.Body}");
            await Task.Delay(100);
        }
    }

    protected async Task<int> EventCountAsync(string tenant)
    {
        await using var session = Factory.Store.QuerySession(tenant);
        return (await session.Events.FetchStreamAsync(tenant)).Count;
    }
}
