using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Mail;
using Desktomy.Email.Application.Mail.Queue;
using Desktomy.Email.Domain.Mail;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>
/// The acceptance of a mail: one autocommitted statement that writes all of a mail's rows, or none of them; single
/// mails that arrive while one statement is in flight share the next one (decision 17).
/// </summary>
public sealed class AcceptanceTests(ApiFactory factory) : MailTest(factory)
{
    private static readonly object Mail = new { to = new[] { "jan@klient.pl" }, subject = "Umowa", textBody = "Dzień dobry" };

    [Fact]
    public async Task requests_racing_with_one_idempotency_key_are_all_answered_as_the_first_and_queue_one_mail()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => BatchTests.PostWithKeyAsync(admin, Emails(tenant), "order-7", Mail)));

        Assert.All(replies, r => Assert.Equal(202, r.Status));
        var id = Assert.Single(replies.Select(r => r.As<QueuedReply>().Id).Distinct());
        await FinishedAsync(tenant, id);
        Assert.Equal(id, Assert.Single((await admin.GetAsync(Emails(tenant))).As<DeliveryPageReply>().Items).Id);
    }

    [Fact]
    public async Task an_acceptance_whose_idempotency_key_another_request_committed_first_writes_none_of_its_rows()
    {
        var tenant = await ConfiguredTenantAsync();
        var queue = Factory.Services.GetRequiredService<MailQueueRows>();
        var now = DateTimeOffset.UtcNow;
        var (first, second) = (NewMail(tenant, now), NewMail(tenant, now));

        var firstAccepted = await queue.AcceptAsync(tenant, [first], now, Record("order-8", first, now), CancellationToken.None);
        var secondAccepted = await queue.AcceptAsync(tenant, [second], now, Record("order-8", second, now), CancellationToken.None);

        Assert.Equal((true, false), (firstAccepted, secondAccepted));
        Assert.Equal(first.Queued.DeliveryId, (await queue.FindIdempotencyAsync(tenant, "order-8", CancellationToken.None))!.DeliveryId);
        var id = second.Queued.DeliveryId;
        await using var session = Factory.Store.QuerySession(tenant);
        Assert.Null(await session.Events.FetchStreamStateAsync(id));
        Assert.Empty(await session.Events.FetchStreamAsync(id));
        Assert.Null(await session.LoadAsync<Delivery>(id));
        Assert.Null(await session.LoadAsync<MailContent>(id));
        Assert.Null(await QueueRowAsync(tenant, id));
        Assert.Equal("Sent", (await FinishedAsync(tenant, first.Queued.DeliveryId)).Status);
    }

    [Fact]
    public async Task single_mails_of_several_tenants_that_arrive_while_one_is_committed_share_the_next_commit_and_keep_their_own_rows()
    {
        var tenants = new[] { await ConfiguredTenantAsync(), await ConfiguredTenantAsync(), await ConfiguredTenantAsync() };
        var queue = Factory.Services.GetRequiredService<MailQueueRows>();
        var start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()); // as PostgreSQL keeps it
        var first = NewMail(tenants[0], start);
        var mails = Enumerable.Range(0, 5).Select(i => (Tenant: tenants[i % 3], Now: start.AddMilliseconds(i + 1))).Select(m => (m.Tenant, m.Now, Mail: NewMail(m.Tenant, m.Now))).ToArray();
        var keyed = mails[1];

        Task<bool> firstAccepted;
        Task<bool[]> accepted;
        var statements = queue.Singles.Statements;
        await using (var held = await HeldTable.HoldAsync($"{Factory.Schema}.mail_queue"))
        {
            firstAccepted = queue.AcceptAsync(tenants[0], [first], start, null, CancellationToken.None);
            accepted = Task.WhenAll(mails.Select(m => queue.AcceptAsync(m.Tenant, [m.Mail], m.Now, m == keyed ? Record("group-1", m.Mail, m.Now) : null, CancellationToken.None)));
            await Eventually.HoldsAsync(() => Task.FromResult(queue.Singles.Waiting == mails.Length), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(5), () => Task.FromResult("the mails never waited"));
            await held.ReleaseAsync();
        }

        Assert.True(await firstAccepted);
        Assert.All(await accepted, Assert.True);
        Assert.Equal(statements + 2, queue.Singles.Statements);
        Assert.Equal(1, await TransactionsWritingAsync("mail_queued", null, [.. mails.Select(m => m.Mail.Queued.DeliveryId)]));
        Assert.Equal(2, await TransactionsWritingAsync("mail_queued", null, [first.Queued.DeliveryId, .. mails.Select(m => m.Mail.Queued.DeliveryId)]));
        Assert.Equal(keyed.Mail.Queued.DeliveryId, (await queue.FindIdempotencyAsync(keyed.Tenant, "group-1", CancellationToken.None))!.DeliveryId);
        foreach (var (tenant, now, (queued, _)) in mails)
        {
            await using var session = Factory.Store.QuerySession(tenant);
            var queuedEvent = (await session.Events.FetchStreamAsync(queued.DeliveryId))[0];
            var delivery = (await session.LoadAsync<Delivery>(queued.DeliveryId))!;
            Assert.Equal((queued.DeliveryId, now), (((MailQueued)queuedEvent.Data).DeliveryId, queuedEvent.Timestamp));
            Assert.Equal((tenant, now), (delivery.TenantId, delivery.QueuedAt));
            Assert.Equal(queued.DeliveryId, (await session.LoadAsync<MailContent>(queued.DeliveryId))!.Id);
            Assert.Equal("Sent", (await FinishedAsync(tenant, queued.DeliveryId)).Status);
        }
    }

    [Fact]
    public async Task a_group_whose_idempotency_key_another_node_committed_meanwhile_is_written_again_mail_by_mail_and_only_that_mail_is_left_out()
    {
        var (tenant, other) = (await ConfiguredTenantAsync(), await ConfiguredTenantAsync());
        var queue = Factory.Services.GetRequiredService<MailQueueRows>();
        var now = DateTimeOffset.UtcNow;
        var (first, keyed, unkeyed) = (NewMail(tenant, now), NewMail(tenant, now), NewMail(other, now));

        Task<bool> firstAccepted, keyedAccepted, unkeyedAccepted;
        var statements = queue.Singles.Statements;
        await using (var held = await HeldTable.HoldAsync($"{Factory.Schema}.mail_queue"))
        {
            firstAccepted = queue.AcceptAsync(tenant, [first], now, null, CancellationToken.None);
            keyedAccepted = queue.AcceptAsync(tenant, [keyed], now, Record("group-2", keyed, now), CancellationToken.None);
            unkeyedAccepted = queue.AcceptAsync(other, [unkeyed], now, null, CancellationToken.None);
            await Eventually.HoldsAsync(() => Task.FromResult(queue.Singles.Waiting == 2), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(5), () => Task.FromResult("the mails never waited"));
            await using (var session = Factory.Store.LightweightSession(tenant))
            {
                session.Store(new IdempotencyRecord("group-2", "another request", Guid.CreateVersion7().ToString(), now));
                await session.SaveChangesAsync();
            }

            await held.ReleaseAsync();
        }

        Assert.Equal((true, false, true), (await firstAccepted, await keyedAccepted, await unkeyedAccepted));
        Assert.Equal(statements + 4, queue.Singles.Statements); // the first, the refused group, then each of its two mails alone
        await using (var session = Factory.Store.QuerySession(tenant))
        {
            Assert.Null(await session.Events.FetchStreamStateAsync(keyed.Queued.DeliveryId));
            Assert.Null(await session.LoadAsync<Delivery>(keyed.Queued.DeliveryId));
        }

        Assert.Null(await QueueRowAsync(tenant, keyed.Queued.DeliveryId));
        Assert.Equal("Sent", (await FinishedAsync(other, unkeyed.Queued.DeliveryId)).Status);
    }

    private static (MailQueued Queued, MailContent Content) NewMail(string tenant, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7().ToString();
        return (new MailQueued(id, tenant, DeliveryKind.Email, ["jan@klient.pl"], [], [], "Umowa", $"<{id}@desktomy.pl>", now), new MailContent(id, "Dzień dobry", null));
    }

    private static IdempotencyRecord Record(string key, (MailQueued Queued, MailContent) mail, DateTimeOffset now) => new(key, "hash", mail.Queued.DeliveryId, now);
}
