using System.Net.Http.Json;
using System.Security.Cryptography;
using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.MailCatcher;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>
/// Two service processes share one database and its mail queue. Mails are accepted by both; while both live, each mail
/// is sent once. Then one is SIGKILLed midway and the survivor delivers every mail, its own and (once their claims'
/// lease has run out) the dead node's.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class TwoNodeTests : IAsyncLifetime
{
    private const int Mails = 500;
    private const int MailsWhileBothLive = 100;
    private const int ClaimBatchSize = 20;
    private const string Tenant = "two-nodes";
    private readonly string _schema = $"nodes_{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
    private MailCatcherServer _platform = null!;

    public async Task InitializeAsync() => _platform = await MailCatcherServer.StartAsync(new MailCatcherOptions
    {
        // A slow server keeps mails in flight when the node dies.
        BeforeReply = (_, cancel) => Task.Delay(20, cancel),
    });

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        await TestDatabase.DropSchemasAsync(_schema);
    }

    [Fact]
    public async Task two_nodes_send_each_mail_once_and_the_survivor_delivers_every_mail_when_the_other_is_killed_midway()
    {
        await using var first = await ServiceProcess.StartAsync(Settings());
        await using var second = await ServiceProcess.StartAsync(Settings());
        using var a = Client(first);
        using var b = Client(second);
        Assert.Equal(201, (int)(await a.PutAsJsonAsync($"/api/v1/tenants/{Tenant}/email-settings/primary-email", new { primaryEmail = "biuro@acme.pl" })).StatusCode);

        var accepted = 0;
        for (var i = 0; i < MailsWhileBothLive; i++)
        {
            accepted += await PostAsync(i % 2 == 0 ? a : b, i);
        }

        await Eventually.HoldsAsync(
            async () => await SentCountAsync(b) >= MailsWhileBothLive,
            TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(200),
            async () => $"only {await SentCountAsync(b)} of {MailsWhileBothLive} delivered by the two nodes");
        var sentByBoth = _platform.Messages.GroupBy(m => m.Message.MessageId).Select(g => g.Count()).ToList();
        Assert.Equal(Enumerable.Repeat(1, MailsWhileBothLive), sentByBoth);

        for (var i = MailsWhileBothLive; i < Mails; i++)
        {
            accepted += await PostAsync(i % 2 == 0 ? a : b, i);
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
        Assert.InRange(perMessageId.Sum() - Mails, 0, ClaimBatchSize); // at most the dead node's claim was sent twice
    }

    private static async Task<int> PostAsync(HttpClient node, int i)
    {
        var response = await node.PostAsJsonAsync($"/api/v1/tenants/{Tenant}/emails", new { to = new[] { $"klient{i}@example.com" }, subject = $"Mail {i}", textBody = "x" });
        Assert.Equal(202, (int)response.StatusCode);
        return 1;
    }

    private Dictionary<string, string> Settings()
    {
        var settings = ServiceProcess.BaseSettings(_schema, _platform.Port);
        settings["RateLimits:MailsPerMinute"] = "100000";
        settings["Mail:Delivery:ClaimBatchSize"] = ClaimBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Mail:Delivery:ClaimLease"] = "00:00:10"; // far above a batch's time here, so a live node's claim never runs out
        settings["Mail:Delivery:PollInterval"] = "00:00:00.200";
        return settings;
    }

    private static HttpClient Client(ServiceProcess service) => service.Client(new Identity("node-admin", ["tenant-admin", "support"], Tenant));

    private static async Task<int> SentCountAsync(HttpClient reader) =>
        (await reader.GetFromJsonAsync<DeliveryPageReply>($"/api/v1/tenants/{Tenant}/emails?status=Sent&limit=500", MailReplies.Json))!.Items.Length;
}
