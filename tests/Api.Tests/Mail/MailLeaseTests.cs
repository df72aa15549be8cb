using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Mail.Queue;
using Microsoft.Extensions.DependencyInjection;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>The service with a claim lease of 0.6 s, so that a send slower than the lease is seen within a test.</summary>
public sealed class ShortLeaseApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> SpecialSettings => new Dictionary<string, string> { ["Mail:Delivery:ClaimLease"] = "00:00:00.600" };
}

public sealed class MailLeaseTests(ShortLeaseApiFactory factory) : MailTest(factory), IClassFixture<ShortLeaseApiFactory>
{
    [Fact]
    public async Task a_claim_whose_mail_takes_longer_than_the_lease_is_renewed_and_no_other_node_takes_it_meanwhile()
    {
        await using var held = await HeldSmtpServer.StartAsync();
        var server = held.Server;
        var tenant = await TenantWithOwnServerAsync(server);
        var id = (await Admin(tenant).PostAsync(Emails(tenant), new { to = new[] { "jan@klient.pl" }, subject = "Faktura", textBody = "x" })).As<QueuedReply>().Id;
        await held.ReachedAsync("the mail never reached the server");

        var first = (await QueueRowAsync(tenant, id))!;
        var renewed = await QueueRowWhenAsync(tenant, id, r => r?.LeaseUntil > first.LeaseUntil + TimeSpan.FromSeconds(0.6), "had its lease renewed past the first one");
        var otherNode = await Factory.Services.GetRequiredService<MailQueueRows>().ClaimAsync(Guid.NewGuid(), DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30), 100, CancellationToken.None);
        held.Release();
        var delivery = await FinishedAsync(tenant, id);

        Assert.Equal(first.Claim, renewed!.Claim);
        Assert.DoesNotContain(otherNode, c => c.DeliveryId == id);
        Assert.Equal(("Sent", 1), (delivery.Status, delivery.Attempts));
        Assert.Single(server.Messages);
        Assert.Null(await QueueRowAsync(tenant, id));
    }

    [Fact]
    public async Task a_mail_handed_to_the_worker_while_it_is_sending_has_its_lease_renewed_while_it_waits_and_no_other_node_takes_it()
    {
        await using var held = await HeldSmtpServer.StartAsync();
        var server = held.Server;
        var tenant = await TenantWithOwnServerAsync(server);
        var sending = (await Admin(tenant).PostAsync(Emails(tenant), new { to = new[] { "jan@klient.pl" }, subject = "Pierwsza", textBody = "x" })).As<QueuedReply>().Id;
        await held.ReachedAsync("the first mail never reached the server");
        var waiting = (await Admin(tenant).PostAsync(Emails(tenant), new { to = new[] { "ewa@klient.pl" }, subject = "Druga", textBody = "x" })).As<QueuedReply>().Id;

        // Written claimed for this node's worker (decision 18), which is still held sending the first mail.
        var first = (await QueueRowAsync(tenant, waiting))!;
        var renewed = await QueueRowWhenAsync(tenant, waiting, r => r?.LeaseUntil > first.LeaseUntil + TimeSpan.FromSeconds(0.6), "had its lease renewed past the first one");
        var otherNode = await Factory.Services.GetRequiredService<MailQueueRows>().ClaimAsync(Guid.NewGuid(), DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30), 100, CancellationToken.None);
        held.Release();
        var delivered = new[] { await FinishedAsync(tenant, sending), await FinishedAsync(tenant, waiting) };

        Assert.NotNull(first.Claim);
        Assert.Equal(first.Claim, renewed!.Claim);
        Assert.DoesNotContain(otherNode, c => c.DeliveryId == sending || c.DeliveryId == waiting);
        Assert.All(delivered, d => Assert.Equal(("Sent", 1), (d.Status, d.Attempts)));
        Assert.Equal(["Pierwsza", "Druga"], server.Messages.Select(m => m.Message.Subject));
    }
}
