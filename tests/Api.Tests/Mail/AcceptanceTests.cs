using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Mail;
using Desktomy.Email.Application.Mail.Queue;
using Desktomy.Email.Domain.Mail;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>The acceptance of a mail: one autocommitted statement that writes all of a mail's rows, or none of them.</summary>
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

    private static (MailQueued Queued, MailContent Content) NewMail(string tenant, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7().ToString();
        return (new MailQueued(id, tenant, DeliveryKind.Email, ["jan@klient.pl"], [], [], "Umowa", $"<{id}@desktomy.pl>", now), new MailContent(id, "Dzień dobry", null));
    }

    private static IdempotencyRecord Record(string key, (MailQueued Queued, MailContent) mail, DateTimeOffset now) => new(key, "hash", mail.Queued.DeliveryId, now);
}
