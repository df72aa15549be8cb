using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Mail.Queue;
using Desktomy.Email.Domain.Mail;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>The service with claims of 2 mails, so that the hand-off's room (one claim's worth) is filled within a test.</summary>
public sealed class SmallClaimApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> SpecialSettings => new Dictionary<string, string> { ["Mail:Delivery:ClaimBatchSize"] = "2" };
}

/// <summary>
/// Mails this node accepts are handed to its own worker with their rows already claimed (decision 18): while the worker
/// is held sending one mail, the next ones wait handed, up to one claim's worth; the rest are written unclaimed and
/// claimed from the queue. A handed mail cancelled before its send is never sent.
/// </summary>
public sealed class MailHandOffTests(SmallClaimApiFactory factory) : MailTest(factory), IClassFixture<SmallClaimApiFactory>
{
    [Fact]
    public async Task mails_accepted_while_the_worker_is_busy_wait_handed_up_to_a_claim_and_the_rest_wait_unclaimed_and_all_are_sent_once()
    {
        await using var held = await HeldSmtpServer.StartAsync();
        var (tenant, sending) = await SendingHeldAsync(held);

        var waiting = new List<string>();
        for (var i = 1; i <= 4; i++)
        {
            waiting.Add(await QueuedAsync(tenant, i));
        }

        var rows = new List<QueueRow?>();
        foreach (var id in waiting)
        {
            rows.Add(await QueueRowAsync(tenant, id));
        }

        held.Release();
        var finished = new List<DeliveryReply>();
        foreach (var id in waiting.Prepend(sending))
        {
            finished.Add(await FinishedAsync(tenant, id));
        }

        // Two handed (one claim's worth), each under the claim and lease its acceptance wrote; two written free for any node.
        Assert.All(rows[..2], r => Assert.True(r is { Claim: not null, LeaseUntil: not null }, $"not handed: {r}"));
        Assert.All(rows[2..], r => Assert.True(r is { Claim: null, LeaseUntil: null }, $"not free: {r}"));
        Assert.All(finished, d => Assert.Equal(("Sent", 1), (d.Status, d.Attempts)));
        Assert.Equal(5, held.Server.Messages.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Equal(5, held.Server.Messages.Count);
    }

    [Fact]
    public async Task a_free_row_in_the_queue_is_claimed_within_poll_intervals_while_handed_mails_keep_coming()
    {
        await using var held = await HeldSmtpServer.StartAsync();
        var (tenant, first) = await SendingHeldAsync(held);
        var free = await QueuedAsync(tenant, 1);
        var stream = new List<string> { await QueuedAsync(tenant, 2) };
        await GiveBackAsync(tenant, free); // free for any node, as a stopping node's rows; the worker's check drops the handed copy
        var freeRow = await QueueRowAsync(tenant, free);

        // While the worker is held on each send, one more mail is accepted: every batch starts with a handed mail, and
        // no acceptance ever finds the hand-off full. Only the poll interval's claim can take the free row.
        var handedRows = new List<QueueRow?>();
        var freeSentMidStream = false;
        held.Step();
        for (var i = 3; i < 150 && !freeSentMidStream; i++)
        {
            await held.ReachedAsync("the next mail never reached the server");
            var next = await QueuedAsync(tenant, i);
            handedRows.Add(await QueueRowAsync(tenant, next));
            stream.Add(next);
            freeSentMidStream = (await Admin(tenant).GetAsync($"{Emails(tenant)}/{free}")).Json["status"]!.GetValue<string>() == "Sent";
            held.Step();
        }

        held.Release();
        var finished = new List<DeliveryReply>();
        foreach (var id in stream.Prepend(free).Prepend(first))
        {
            finished.Add(await FinishedAsync(tenant, id));
        }

        Assert.True(freeRow is { Claim: null, LeaseUntil: null }, $"not given back: {freeRow}");
        Assert.All(handedRows, r => Assert.True(r is { Claim: not null }, $"accepted unclaimed, so not a steady hand-off: {r}"));
        Assert.True(freeSentMidStream, $"the free row waited until the {stream.Count} handed mails stopped coming");
        Assert.All(finished, d => Assert.Equal(("Sent", 1), (d.Status, d.Attempts)));
        Assert.Equal(stream.Count + 2, held.Server.Messages.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Equal(stream.Count + 2, held.Server.Messages.Count);
    }

    [Fact]
    public async Task when_a_claim_is_due_handed_mails_fill_half_the_batch_and_the_queue_gets_the_rest()
    {
        await using var held = await HeldSmtpServer.StartAsync();
        var (tenant, first) = await SendingHeldAsync(held);
        var free = await QueuedAsync(tenant, 1);
        await GiveBackAsync(tenant, free); // free for any node; the worker's check drops the handed copy

        // A batch finding room is handed whole: with the free row's copy, five mails wait handed, more than a claim of 2.
        var reply = await Admin(tenant).PostAsync($"{Emails(tenant)}/batch", new { messages = Enumerable.Range(2, 4).Select(NumberedMail).ToArray() });
        var batch = reply.Json["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToArray();
        var batchRows = new List<QueueRow?>();
        foreach (var id in batch)
        {
            batchRows.Add(await QueueRowAsync(tenant, id));
        }

        await Task.Delay(TimeSpan.FromMilliseconds(300)); // three poll intervals since the first mail's claim: the next batch is due one
        held.Release();
        var finished = new List<DeliveryReply>();
        foreach (var id in batch.Prepend(free).Prepend(first))
        {
            finished.Add(await FinishedAsync(tenant, id));
        }

        // Handed mails filling the whole claim would send Mail 2 second, and the free row only once they ran out.
        Assert.Equal(202, reply.Status);
        Assert.All(batchRows, r => Assert.True(r is { Claim: not null }, $"not handed: {r}"));
        Assert.All(finished, d => Assert.Equal(("Sent", 1), (d.Status, d.Attempts)));
        Assert.Equal(["Mail 0", "Mail 1"], held.Server.Messages.Take(2).Select(m => m.Message.Subject));
        Assert.Equal(6, held.Server.Messages.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Equal(6, held.Server.Messages.Count);
    }

    [Fact]
    public async Task a_handed_mail_cancelled_before_its_send_is_never_sent()
    {
        await using var held = await HeldSmtpServer.StartAsync();
        var (tenant, sending) = await SendingHeldAsync(held);
        var handed = await QueuedAsync(tenant, 1);
        var row = await QueueRowAsync(tenant, handed);

        var cancelled = await Admin(tenant).PostAsync($"{Emails(tenant)}/{handed}/cancel", null);
        held.Release();
        var first = await FinishedAsync(tenant, sending);
        var after = await SendAndFinishAsync(tenant, NumberedMail(2)); // the worker has taken the handed mail by then

        Assert.NotNull(row?.Claim);
        Assert.Equal(200, cancelled.Status);
        Assert.Equal(("Sent", "Sent"), (first.Status, after.Status));
        Assert.Equal("Cancelled", (await As(Identity.Support).GetAsync($"{Emails(tenant)}/{handed}")).Json["status"]!.GetValue<string>());
        Assert.Equal(["Mail 0", "Mail 2"], held.Server.Messages.Select(m => m.Message.Subject));
    }

    /// <summary>Takes the claim off one delivery's row, as <c>MailQueueRows.ReleaseAsync</c> does for a stopping node's (by delivery: an acceptance's claim may hold several).</summary>
    private async Task GiveBackAsync(string tenant, string id)
    {
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"update {Factory.Schema}.mail_queue set claim = null, lease_until = null where tenant_id = $1 and delivery_id = $2", connection)
        {
            Parameters = { new() { Value = tenant }, new() { Value = id } },
        };
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}

/// <summary>
/// A node that stops (its worker stopping with the host) gives back, at once, the mails handed to its worker and the
/// one it was sending, and writes the mails it accepts after that unclaimed: any node may send them, none waits for a
/// lease to run out.
/// </summary>
public sealed class MailHandOffStopTests(SmallClaimApiFactory factory) : MailTest(factory), IClassFixture<SmallClaimApiFactory>
{
    [Fact]
    public async Task a_stopping_worker_gives_back_the_mails_handed_to_it_and_the_one_it_was_sending()
    {
        await using var held = await HeldSmtpServer.StartAsync();
        var (tenant, sending) = await SendingHeldAsync(held);
        var waiting = await QueuedAsync(tenant, 1);
        var handed = await QueueRowAsync(tenant, waiting);

        await Factory.Services.GetServices<IHostedService>().OfType<MailQueueWorker>().Single().StopAsync(CancellationToken.None);
        var rows = new[] { await QueueRowAsync(tenant, sending), await QueueRowAsync(tenant, waiting) };
        var afterStop = await QueuedAsync(tenant, 2);
        var written = await QueueRowAsync(tenant, afterStop);

        Assert.True(handed is { Claim: not null }, $"not handed: {handed}");
        Assert.All(rows, r => Assert.True(r is { Claim: null, LeaseUntil: null, Failures: 0 }, $"not given back: {r?.ToString() ?? "gone"}"));
        Assert.True(written is { Claim: null, LeaseUntil: null }, $"accepted after the stop, not free: {written}");
        foreach (var id in new[] { sending, waiting, afterStop })
        {
            Assert.Equal([typeof(MailQueued)], (await DeliveryEventsAsync(tenant, id)).Select(e => e.GetType()));
        }
    }
}
