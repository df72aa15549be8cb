using System.Net.Http.Json;
using System.Security.Cryptography;
using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.MailCatcher;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>
/// Two service processes share one database and the mail queue (Wolverine Balanced mode). Mails are accepted by both;
/// one is SIGKILLed midway and the survivor delivers every mail, its own and the dead node's.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class TwoNodeTests : IAsyncLifetime
{
    private const int Mails = 500;
    private const string Tenant = "two-nodes";
    private readonly string _schema = $"nodes_{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
    private MailCatcherServer _platform = null!;

    public async Task InitializeAsync() => _platform = await MailCatcherServer.StartAsync(new MailCatcherOptions
    {
        // A slow server keeps mails in flight when the node dies.
        Responder = _ =>
        {
            Thread.Sleep(20);
            return null;
        },
    });

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        await TestDatabase.DropSchemasAsync(_schema);
    }

    [Fact]
    public async Task the_surviving_node_delivers_every_mail_when_the_other_is_killed_midway()
    {
        await using var first = await ServiceProcess.StartAsync(Settings());
        await using var second = await ServiceProcess.StartAsync(Settings());
        using var a = Client(first);
        using var b = Client(second);
        Assert.Equal(201, (int)(await a.PutAsJsonAsync($"/api/v1/tenants/{Tenant}/email-settings/primary-email", new { primaryEmail = "biuro@acme.pl" })).StatusCode);

        var accepted = 0;
        for (var i = 0; i < Mails; i++)
        {
            var node = i % 2 == 0 ? a : b;
            var response = await node.PostAsJsonAsync($"/api/v1/tenants/{Tenant}/emails", new { to = new[] { $"klient{i}@example.com" }, subject = $"Mail {i}", textBody = "x" });
            Assert.Equal(202, (int)response.StatusCode);
            accepted++;
        }

        var deliveredBeforeKill = _platform.Messages.Count;
        await first.KillAsync();

        await Eventually.HoldsAsync(
            async () => await SentCountAsync(b) >= Mails,
            TimeSpan.FromSeconds(120),
            TimeSpan.FromMilliseconds(500),
            async () => $"only {await SentCountAsync(b)} of {Mails} delivered after the kill");

        var perMessageId = _platform.Messages.GroupBy(m => m.Message.MessageId).Select(g => g.Count()).ToList();
        Assert.Equal(Mails, accepted);
        Assert.True(deliveredBeforeKill < Mails, "every mail was delivered before the kill: the test proved nothing");
        Assert.Equal(Mails, perMessageId.Count);
        Assert.InRange(perMessageId.Sum() - Mails, 0, 50);
    }

    private Dictionary<string, string> Settings()
    {
        var settings = ServiceProcess.BaseSettings(_schema, _platform.Port);
        settings["RateLimits:MailsPerMinute"] = "100000";
        settings["Wolverine:Durability:Mode"] = "Balanced";
        settings["Wolverine:Durability:StaleNodeTimeout"] = "00:00:03";
        settings["Wolverine:Durability:HealthCheckPollingTime"] = "00:00:01";
        settings["Wolverine:Durability:FirstHealthCheckExecution"] = "00:00:00.200";
        settings["Wolverine:Durability:NodeReassignmentPollingTime"] = "00:00:01";
        settings["Wolverine:Durability:CheckAssignmentPeriod"] = "00:00:01";
        settings["Wolverine:Durability:OrphanedMessageSweepPollingTime"] = "00:00:01";
        settings["Wolverine:Durability:ScheduledJobPollingTime"] = "00:00:00.500";
        return settings;
    }

    private static HttpClient Client(ServiceProcess service) => service.Client(new Identity("node-admin", ["tenant-admin", "support"], Tenant));

    private static async Task<int> SentCountAsync(HttpClient reader) =>
        (await reader.GetFromJsonAsync<DeliveryPageReply>($"/api/v1/tenants/{Tenant}/emails?status=Sent&limit=500", MailReplies.Json))!.Items.Length;
}
