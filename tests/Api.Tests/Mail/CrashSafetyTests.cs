using System.Net.Http.Json;
using System.Security.Cryptography;
using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.MailCatcher;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>
/// Mails queued while the platform server refuses them survive a SIGKILL of the service: a new process on the same
/// database delivers every one. The guarantee is at-least-once with a stable Message-Id, so duplicates are counted.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class CrashSafetyTests : IAsyncLifetime
{
    private const int Mails = 20;
    private readonly string _schema = $"crash_{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
    private volatile bool _refusing = true;
    private MailCatcherServer _platform = null!;

    public async Task InitializeAsync() => _platform = await MailCatcherServer.StartAsync(new MailCatcherOptions
    {
        Responder = _ => _refusing ? new SmtpReply(451, "Greylisted, try again later") : null,
    });

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        await TestDatabase.DropSchemasAsync(_schema);
    }

    [Fact]
    public async Task mails_queued_before_a_crash_are_all_delivered_by_the_next_process()
    {
        const string tenant = "crash-test";
        var ids = new List<string>();
        await using (var first = await ServiceProcess.StartAsync(Settings()))
        {
            using var http = Client(first);
            Assert.Equal(201, (int)(await http.PutAsJsonAsync($"/api/v1/tenants/{tenant}/email-settings/primary-email", new { primaryEmail = "biuro@acme.pl" })).StatusCode);
            for (var i = 0; i < Mails; i++)
            {
                var response = await http.PostAsJsonAsync($"/api/v1/tenants/{tenant}/emails", new { to = new[] { $"klient{i}@example.com" }, subject = $"Mail {i}", textBody = "x" });
                Assert.Equal(202, (int)response.StatusCode);
                ids.Add((await response.Content.ReadFromJsonAsync<QueuedReply>(MailReplies.Json))!.Id);
            }

            await Eventually.HoldsAsync(() => _platform.ConnectionCount > 0, TimeSpan.FromSeconds(30), "the first process never tried to send");
            await first.KillAsync();
        }

        _refusing = false;
        await using var second = await ServiceProcess.StartAsync(Settings());
        using var reader = Client(second);
        await Eventually.HoldsAsync(
            async () => await SentCountAsync(reader, tenant) == Mails,
            TimeSpan.FromSeconds(90),
            TimeSpan.FromMilliseconds(200),
            async () => $"only {await SentCountAsync(reader, tenant)} of {Mails} delivered after the restart");

        var received = _platform.Messages.GroupBy(m => m.Message.MessageId).ToDictionary(g => $"<{g.Key}>", g => g.Count());
        foreach (var id in ids)
        {
            var delivery = (await reader.GetFromJsonAsync<DeliveryReply>($"/api/v1/tenants/{tenant}/emails/{id}", MailReplies.Json))!;
            Assert.Equal("Sent", delivery.Status);
            Assert.True(received.ContainsKey(delivery.MessageId), $"{id} is Sent but never reached the server");
        }

        Assert.Equal(Mails, received.Count);
        Assert.InRange(received.Values.Sum() - Mails, 0, Mails);
    }

    private Dictionary<string, string> Settings()
    {
        var settings = ServiceProcess.BaseSettings(_schema, _platform.Port);
        var delays = new[] { "1", "1", "2", "2", "2", "2", "5", "5", "5" };
        for (var i = 0; i < delays.Length; i++)
        {
            settings[$"Mail:Delivery:RetryDelaysSeconds:{i}"] = delays[i];
        }

        // The killed process's claims come back when their lease runs out.
        settings["Mail:Delivery:ClaimLease"] = "00:00:02";
        settings["Mail:Delivery:PollInterval"] = "00:00:00.200";
        return settings;
    }

    private static HttpClient Client(ServiceProcess service) => service.Client(new Identity("crash-admin", ["tenant-admin", "support"], "crash-test"));

    private static async Task<int> SentCountAsync(HttpClient reader, string tenant) =>
        (await reader.GetFromJsonAsync<DeliveryPageReply>($"/api/v1/tenants/{tenant}/emails?status=Sent&limit=500", MailReplies.Json))!.Items.Length;
}
