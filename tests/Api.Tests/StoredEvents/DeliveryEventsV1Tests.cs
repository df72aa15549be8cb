using System.Text.Json.Nodes;
using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Domain.Mail;
using Marten;

namespace Desktomy.Email.Api.Tests.StoredEvents;

/// <summary>
/// The delivery events of version 1, as the service stored them: read through the service's own store setup, projected
/// again with <see cref="Delivery.Evolve"/> (as the service's writers fold them), and shown by <c>GET …/emails/{id}</c> as they were when written.
/// </summary>
[Collection(StoredEventsGroup.Name)]
public sealed class DeliveryEventsV1Tests(StoredEventsFactory factory)
{
    [Fact]
    public async Task a_stored_v1_delivery_queued_then_sent_reads_back_as_sent_through_the_platform()
    {
        var stored = await InsertedAsync("v1/delivery-sent");

        var events = await ReadAsync(stored);
        var delivery = await ViewAsync(stored);

        Assert.Equal(["MailQueued", "MailSent"], events.Select(e => e.GetType().Name));
        var queued = (MailQueued)events[0];
        Assert.Equal((stored.Id, "acme", DeliveryKind.Notification, "Nowa faktura"), (queued.DeliveryId, queued.TenantId, queued.Kind, queued.Subject));
        Assert.Empty(queued.To);
        Assert.Empty(queued.Cc);
        Assert.Empty(queued.Bcc);
        var sent = (MailSent)events[1];
        Assert.Equal(("platform", 7L, null, "automat@desktomy.pl", null), (sent.Route.Transport, sent.Route.SettingsVersion, sent.Route.FromName, sent.Route.FromAddress, sent.Route.ReplyTo));
        Assert.Equal(["biuro@acme.pl"], sent.Route.To);

        Assert.Equal(stored.Id, Text(delivery, "id"));
        Assert.Equal("Notification", Text(delivery, "kind"));
        Assert.Equal("Sent", Text(delivery, "status"));
        Assert.Equal(1, delivery["attempts"]!.GetValue<int>());
        Assert.Equal("platform", Text(delivery, "transport"));
        Assert.Equal(7, delivery["settingsVersion"]!.GetValue<long>());
        Assert.Equal("automat@desktomy.pl", Text(delivery, "from"));
        Assert.Null(delivery["replyTo"]);
        Assert.Equal(["biuro@acme.pl"], delivery["to"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Empty(delivery["cc"]!.AsArray());
        Assert.Equal("Nowa faktura", Text(delivery, "subject"));
        Assert.Equal($"<{stored.Id}@desktomy.pl>", Text(delivery, "messageId"));
        Assert.Null(delivery["lastError"]);
        Assert.Equal(Time(stored.Data(1), "occurredAt"), Time(delivery, "queuedAt"));
        Assert.Equal(Time(stored.Data(2), "occurredAt"), Time(delivery, "sentAt"));
    }

    [Fact]
    public async Task a_stored_v1_delivery_that_failed_after_a_retry_reads_back_as_failed_with_its_last_error()
    {
        var stored = await InsertedAsync("v1/delivery-failed");

        var events = await ReadAsync(stored);
        var delivery = await ViewAsync(stored);

        Assert.Equal(["MailQueued", "MailAttemptFailed", "MailFailed"], events.Select(e => e.GetType().Name));
        var queued = (MailQueued)events[0];
        Assert.Equal((DeliveryKind.Email, "Faktura"), (queued.Kind, queued.Subject));
        Assert.Equal(["jan@klient.pl"], queued.To);
        Assert.Equal(["anna@klient.pl"], queued.Cc);
        Assert.Equal(["archiwum@beta.pl"], queued.Bcc);
        var retried = (MailAttemptFailed)events[1];
        Assert.Equal(1, retried.Attempt);
        Assert.Equal(new DeliveryError("send", 451, "The server answered 451: Try again later"), retried.Error);
        Assert.Equal(Time(stored.Data(2), "nextAttemptAt"), retried.NextAttemptAt);
        Assert.Equal(("own-smtp", 2L, "poczta@acme.pl"), (retried.Route!.Transport, retried.Route.SettingsVersion, retried.Route.FromAddress));
        var failed = (MailFailed)events[2];
        Assert.Equal((2, new DeliveryError("send", 550, "The server answered 550: No such user here")), (failed.Attempt, failed.Error));

        Assert.Equal("Email", Text(delivery, "kind"));
        Assert.Equal("Failed", Text(delivery, "status"));
        Assert.Equal(2, delivery["attempts"]!.GetValue<int>());
        Assert.Equal("own-smtp", Text(delivery, "transport"));
        Assert.Equal(2, delivery["settingsVersion"]!.GetValue<long>());
        Assert.Equal("poczta@acme.pl", Text(delivery, "from"));
        Assert.Null(delivery["replyTo"]);
        Assert.Equal(["jan@klient.pl"], delivery["to"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["anna@klient.pl"], delivery["cc"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("Faktura", Text(delivery, "subject"));
        Assert.Equal("send", Text(delivery["lastError"]!, "stage"));
        Assert.Equal(550, delivery["lastError"]!["smtpStatusCode"]!.GetValue<int>());
        Assert.Equal("The server answered 550: No such user here", Text(delivery["lastError"]!, "message"));
        Assert.Null(delivery["sentAt"]);
    }

    private async Task<StoredRows> InsertedAsync(string folder)
    {
        var stored = StoredRows.Load(folder);
        await stored.InsertOnceAsync(factory.Schema);
        return stored;
    }

    private async Task<IReadOnlyList<object>> ReadAsync(StoredRows stored)
    {
        await using var session = factory.Store.QuerySession(stored.TenantId);
        return (await session.Events.FetchStreamAsync(stored.Id)).Select(e => e.Data).ToList();
    }

    /// <summary>The rows went in without their document: the stored events are folded as the service folds them, and stored.</summary>
    private async Task<JsonNode> ViewAsync(StoredRows stored)
    {
        await using (var session = factory.Store.LightweightSession(stored.TenantId))
        {
            var delivery = (await ReadAsync(stored)).Aggregate((Delivery?)null, Delivery.Evolve);
            session.Store(delivery!);
            await session.SaveChangesAsync();
        }

        var reply = await factory.Client(Identity.Support).GetAsync($"/api/v1/tenants/{stored.TenantId}/emails/{stored.Id}");
        Assert.Equal(200, reply.Status);
        return reply.Json;
    }

    private static string? Text(JsonNode node, string name) => node[name]?.GetValue<string>();

    private static DateTimeOffset Time(JsonNode node, string name) =>
        DateTimeOffset.Parse(Text(node, name)!, System.Globalization.CultureInfo.InvariantCulture);
}
