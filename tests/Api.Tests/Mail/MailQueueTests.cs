using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Mail.Queue;
using Desktomy.Email.Domain.Mail;
using Desktomy.Email.MailCatcher;
using Microsoft.Extensions.DependencyInjection;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>
/// The mail queue's own guarantees, on a clock that stands still until a test moves it (the queue decides what is due,
/// and when a lease runs out, on the service's clock): one commit per claimed batch, a cancel that races a send, a dead
/// node's claim, poison after the cooldowns.
/// </summary>
public sealed class MailQueueTests(ClockedApiFactory factory) : MailTest(factory), IClassFixture<ClockedApiFactory>
{
    private static readonly object Mail = new { to = new[] { "jan@klient.pl" }, subject = "Faktura", textBody = "W załączniku" };
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(0.2); // the tests' first retry delay

    private SettableClock Clock => factory.Clock;

    [Fact]
    public async Task a_transient_failure_leaves_the_row_due_when_its_event_says_and_the_row_is_gone_once_the_mail_is_sent()
    {
        var refusing = true;
        await using var server = await MailCatcherServer.StartAsync(new MailCatcherOptions { Responder = _ => Volatile.Read(ref refusing) ? new SmtpReply(451, "Greylisted") : null });
        var tenant = await TenantWithOwnServerAsync(server);
        var id = (await Admin(tenant).PostAsync(Emails(tenant), Mail)).As<QueuedReply>().Id;

        var failed = Assert.IsType<MailAttemptFailed>((await DeliveryEventsWhenAsync(tenant, id, 2))[1]);
        var row = await QueueRowWhenAsync(tenant, id, r => r is { Claim: null }, "was given back");
        Volatile.Write(ref refusing, false);
        Clock.Advance(RetryDelay);
        var sent = await FinishedAsync(tenant, id);

        Assert.Equal((1, RetryDelay), (failed.Attempt, failed.NextAttemptAt - failed.OccurredAt));
        Assert.Equal(new QueueRow(failed.NextAttemptAt, null, null, 0), row);
        Assert.Equal(("Sent", 2), (sent.Status, sent.Attempts));
        Assert.Null(await QueueRowAsync(tenant, id));
    }

    [Fact]
    public async Task the_mails_of_one_claim_are_recorded_sent_in_one_commit()
    {
        var tenant = await ConfiguredTenantAsync();
        var reply = await Admin(tenant).PostAsync($"{Emails(tenant)}/batch", new { messages = Enumerable.Range(0, 10).Select(i => Mail).ToArray() });
        var ids = reply.Json["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToArray();

        foreach (var id in ids)
        {
            Assert.Equal("Sent", (await FinishedAsync(tenant, id)).Status);
        }

        // The rows were inserted in one commit, so one claim took them all; its outcomes share one transaction.
        Assert.Equal(1, await TransactionsWritingAsync("mail_sent", tenant, ids));
        Assert.All(ids, id => Assert.Single(Smtp.Platform.Messages, m => m.Message.MessageId!.StartsWith(id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task a_cancel_committed_while_its_batch_is_sent_stands_and_the_other_mails_of_the_batch_are_recorded_sent()
    {
        await using var held = await HeldSmtpServer.StartAsync();
        var server = held.Server;
        var tenant = await TenantWithOwnServerAsync(server);
        var reply = await Admin(tenant).PostAsync($"{Emails(tenant)}/batch", new { messages = new[] { Mail, Mail, Mail } });
        var ids = reply.Json["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            await held.ReachedAsync("the batch's mails never reached the server");
        }

        var cancelled = await Admin(tenant).PostAsync($"{Emails(tenant)}/{ids[0]}/cancel", null);
        held.Release();
        var others = new[] { await FinishedAsync(tenant, ids[1]), await FinishedAsync(tenant, ids[2]) };

        Assert.Equal(200, cancelled.Status);
        Assert.All(others, d => Assert.Equal(("Sent", 1), (d.Status, d.Attempts)));
        Assert.Equal([typeof(MailQueued), typeof(MailCancelled)], (await DeliveryEventsAsync(tenant, ids[0])).Select(e => e.GetType()));
        Assert.Equal("Cancelled", (await As(Identity.Support).GetAsync($"{Emails(tenant)}/{ids[0]}")).Json["status"]!.GetValue<string>());
        foreach (var id in ids)
        {
            Assert.Null(await QueueRowAsync(tenant, id));
        }
    }

    [Fact]
    public async Task a_claim_whose_lease_ran_out_is_taken_and_sent_by_another_node()
    {
        var refusing = true;
        await using var server = await MailCatcherServer.StartAsync(new MailCatcherOptions { Responder = _ => Volatile.Read(ref refusing) ? new SmtpReply(451, "Greylisted") : null });
        var tenant = await TenantWithOwnServerAsync(server);
        var id = (await Admin(tenant).PostAsync(Emails(tenant), Mail)).As<QueuedReply>().Id;
        await QueueRowWhenAsync(tenant, id, r => r is { Claim: null, Failures: 0 } && r.DueAt > Clock.GetUtcNow(), "was due again after the first attempt");
        Volatile.Write(ref refusing, false);

        // Another node claims the mail when it falls due, and dies holding it.
        var deadNode = Guid.NewGuid();
        var lease = TimeSpan.FromSeconds(30);
        var claimed = await Factory.Services.GetRequiredService<MailQueueRows>().ClaimAsync(deadNode, Clock.GetUtcNow() + RetryDelay, lease, 100, CancellationToken.None);
        Clock.Advance(RetryDelay);
        var held = await QueueRowAsync(tenant, id);
        Clock.Advance(lease + TimeSpan.FromSeconds(1));
        var sent = await FinishedAsync(tenant, id);

        Assert.Contains(claimed, c => c.DeliveryId == id);
        Assert.Equal(deadNode, held!.Claim);
        Assert.Equal(("Sent", 2), (sent.Status, sent.Attempts));
        Assert.Single(server.Messages);
        Assert.Null(await QueueRowAsync(tenant, id));
    }

    [Fact]
    public async Task a_mail_that_cannot_be_processed_is_tried_after_1_5_and_30_seconds_then_fails_as_poison()
    {
        var smtpAttempts = 0;
        await using var server = await MailCatcherServer.StartAsync(new MailCatcherOptions
        {
            Responder = _ =>
            {
                Interlocked.Increment(ref smtpAttempts);
                return new SmtpReply(451, "Greylisted");
            },
        });
        var tenant = await TenantWithOwnServerAsync(server);
        var id = (await Admin(tenant).PostAsync(Emails(tenant), Mail)).As<QueuedReply>().Id;
        await QueueRowWhenAsync(tenant, id, r => r is { Claim: null, Failures: 0 } && r.DueAt > Clock.GetUtcNow(), "was due again after the first attempt");
        await using (var session = Factory.Store.LightweightSession(tenant))
        {
            session.Delete<MailContent>(id); // its bodies gone: every further attempt throws before any SMTP
            await session.SaveChangesAsync();
        }

        var cooldowns = new List<double>();
        Clock.Advance(RetryDelay);
        for (var failures = 1; failures <= 3; failures++)
        {
            var row = await QueueRowWhenAsync(tenant, id, r => r is { Claim: null } && r.Failures == failures, $"counted {failures} failures");
            var wait = row!.DueAt - Clock.GetUtcNow();
            cooldowns.Add(wait.TotalSeconds);
            Clock.Advance(wait);
        }

        var delivery = await FinishedAsync(tenant, id);

        Assert.Equal([1, 5, 30], cooldowns);
        Assert.Equal(("Failed", 2), (delivery.Status, delivery.Attempts));
        Assert.Equal("internal", delivery.LastError!.Stage);
        Assert.Contains("InvalidOperationException", delivery.LastError.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("dead", delivery.LastError.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await QueueRowAsync(tenant, id));
        Assert.Equal(1, smtpAttempts); // the tries after the bodies were gone never reached SMTP
    }
}
