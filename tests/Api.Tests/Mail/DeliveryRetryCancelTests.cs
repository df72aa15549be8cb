using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Domain.Mail;
using Desktomy.Email.MailCatcher;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary><c>POST …/emails/{id}/retry</c> and <c>…/cancel</c>: who may, from which status, and what the queue does after.</summary>
public sealed class DeliveryRetryCancelTests(ApiFactory factory) : MailTest(factory)
{
    private static readonly object Mail = new { to = new[] { "jan@klient.pl" }, subject = "Faktura", textBody = "W załączniku" };

    [Fact]
    public async Task a_failed_delivery_retried_starts_a_new_series_of_attempts_and_is_sent()
    {
        var refusing = true;
        await using var server = await MailCatcherServer.StartAsync(new MailCatcherOptions { Responder = _ => Volatile.Read(ref refusing) ? new SmtpReply(550, "Mailbox full") : null });
        var tenant = await TenantWithOwnServerAsync(server);
        var failed = await SendAndFinishAsync(tenant, Mail);
        Assert.Equal("Failed", failed.Status);
        Volatile.Write(ref refusing, false);

        var retried = await Admin(tenant).PostAsync($"{Emails(tenant)}/{failed.Id}/retry", null);

        Assert.Equal(202, retried.Status);
        Assert.Equal("Queued", retried.Json["status"]!.GetValue<string>());
        var sent = await FinishedAsync(tenant, failed.Id);
        Assert.Equal(("Sent", 1), (sent.Status, sent.Attempts));
        Assert.Single(server.Messages);
        var request = Assert.Single((await DeliveryEventsAsync(tenant, failed.Id)).OfType<MailRetryRequested>());
        Assert.Equal(Identity.TenantAdmin(tenant).Subject, request.Actor);
    }

    [Fact]
    public async Task retrying_a_sent_delivery_is_a_conflict_and_changes_nothing()
    {
        var tenant = await ConfiguredTenantAsync();
        var sent = await SendAndFinishAsync(tenant, Mail);

        var retried = await As(Identity.Support).PostAsync($"{Emails(tenant)}/{sent.Id}/retry", null);

        Assert.Equal(409, retried.Status);
        Assert.Equal("application/problem+json", retried.ContentType);
        Assert.DoesNotContain(await DeliveryEventsAsync(tenant, sent.Id), e => e is MailRetryRequested);
    }

    [Fact]
    public async Task a_delivery_waiting_for_its_retry_is_cancelled_and_the_queue_never_sends_it()
    {
        await using var server = await MailCatcherServer.StartAsync(new MailCatcherOptions { Responder = _ => new SmtpReply(451, "Greylisted") });
        var tenant = await TenantWithOwnServerAsync(server);
        var id = (await Admin(tenant).PostAsync(Emails(tenant), Mail)).As<QueuedReply>().Id;
        Assert.IsType<MailAttemptFailed>((await DeliveryEventsWhenAsync(tenant, id, 2))[1]);

        var cancelled = await Admin(tenant).PostAsync($"{Emails(tenant)}/{id}/cancel", null);
        var queued = await QueueRowAsync(tenant, id);
        var connections = server.ConnectionCount;
        await RequeueAndWaitAsync(tenant, id, DateTimeOffset.UtcNow);

        Assert.Equal(200, cancelled.Status);
        Assert.Equal("Cancelled", cancelled.Json["status"]!.GetValue<string>());
        Assert.Null(queued);
        Assert.Equal(connections, server.ConnectionCount);
        var stored = await As(Identity.Auditor).GetAsync($"{Emails(tenant)}/{id}");
        Assert.Equal("Cancelled", stored.Json["status"]!.GetValue<string>());
        Assert.Equal(409, (await Admin(tenant).PostAsync($"{Emails(tenant)}/{id}/cancel", null)).Status);
        Assert.Equal(409, (await Admin(tenant).PostAsync($"{Emails(tenant)}/{id}/retry", null)).Status);
    }

    [Fact]
    public async Task an_auditor_or_another_tenants_admin_may_not_retry_or_cancel()
    {
        var tenant = await ConfiguredTenantAsync();
        var sent = await SendAndFinishAsync(tenant, Mail);

        Assert.Equal(403, (await As(Identity.Auditor).PostAsync($"{Emails(tenant)}/{sent.Id}/cancel", null)).Status);
        Assert.Equal(403, (await Admin("someone-else").PostAsync($"{Emails(tenant)}/{sent.Id}/retry", null)).Status);
        Assert.Equal(404, (await Admin(tenant).PostAsync($"{Emails(tenant)}/no-such-mail/retry", null)).Status);
    }
}
