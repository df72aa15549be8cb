using System.Text.Json.Nodes;
using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Domain.Mail;
using Marten;

namespace Desktomy.Email.Api.Tests.Mail;

public sealed class BatchTests(ApiFactory factory) : MailTest(factory)
{
    private static string Batch(string tenant) => $"{Emails(tenant)}/batch";

    private static object Mail(int i) => new { to = new[] { $"klient{i}@klient.pl" }, subject = $"Faktura {i}", textBody = $"Dzień dobry {i}" };

    [Fact]
    public async Task each_message_is_answered_in_request_order_and_only_the_valid_ones_are_queued_and_sent()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        object[] messages =
        [
            Mail(0),
            new { to = new[] { "nie-adres" }, subject = "x", textBody = "y" },
            Mail(2),
            new { to = new[] { "a@klient.pl" }, textBody = "y" },
            Mail(4),
        ];

        var reply = await admin.PostAsync(Batch(tenant), new { messages });

        Assert.Equal(202, reply.Status);
        var items = reply.Json["items"]!.AsArray();
        Assert.Equal(5, items.Count);
        Assert.Equal([true, false, true, false, true], items.Select(i => i!["id"] is not null));
        Assert.All([0, 2, 4], i => Assert.Equal("Queued", items[i]!["status"]!.GetValue<string>()));
        Assert.Equal((400, "to[0]"), Problem(items[1]));
        Assert.Equal((400, "subject"), Problem(items[3]));

        foreach (var i in new[] { 0, 2, 4 })
        {
            var delivery = await FinishedAsync(tenant, items[i]!["id"]!.GetValue<string>());
            Assert.Equal(("Sent", $"Faktura {i}"), (delivery.Status, delivery.Subject));
            Assert.Equal([$"klient{i}@klient.pl"], delivery.To);
        }

        Assert.Equal(3, (await admin.GetAsync(Emails(tenant))).As<DeliveryPageReply>().Items.Length);
    }

    [Fact]
    public async Task every_mail_of_a_full_batch_is_delivered_once_with_its_own_message_id()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).PostAsync(Batch(tenant), new { messages = Enumerable.Range(0, 40).Select(Mail).ToArray() });

        Assert.Equal(202, reply.Status);
        var ids = reply.Json["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToArray();
        Assert.Equal(40, ids.Distinct().Count());
        var deliveries = new List<DeliveryReply>();
        foreach (var id in ids)
        {
            deliveries.Add(await FinishedAsync(tenant, id));
        }

        Assert.All(deliveries, d => Assert.Equal("Sent", d.Status));
        Assert.Equal(40, deliveries.Select(d => d.MessageId).Distinct().Count());
        Assert.All(deliveries, d => Assert.Single(Smtp.Platform.Messages, m => $"<{m.Message.MessageId}>" == d.MessageId));
    }

    [Fact]
    public async Task a_batched_mail_reads_back_through_marten_as_its_queued_and_sent_events_and_its_document()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).PostAsync(Batch(tenant), new { messages = new[] { Mail(1), Mail(2) } });

        Assert.Equal(202, reply.Status);
        var id = reply.Json["items"]![1]!["id"]!.GetValue<string>();
        var events = await DeliveryEventsWhenAsync(tenant, id, 2);
        var queued = Assert.IsType<MailQueued>(events[0]);
        Assert.IsType<MailSent>(events[1]);
        Assert.Equal((id, tenant, "Faktura 2"), (queued.DeliveryId, queued.TenantId, queued.Subject));
        Assert.Equal(["klient2@klient.pl"], queued.To);
        await using var session = Factory.Store.QuerySession(tenant);
        var delivery = await session.LoadAsync<Delivery>(id);
        Assert.Equal((DeliveryStatus.Sent, 2L, queued.MessageId), (delivery!.Status, delivery.Version, delivery.Request.MessageId));
        Assert.Equal(2, (await session.Events.FetchStreamStateAsync(id))!.Version);
        Assert.Equal("Dzień dobry 2", (await session.LoadAsync<MailContent>(id))!.TextBody);
    }

    [Fact]
    public async Task the_same_idempotency_key_and_batch_replays_the_first_answer_and_queues_nothing_more()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        var batch = new { messages = new object[] { Mail(1), new { to = new[] { "zły" }, subject = "x", textBody = "y" }, Mail(2) } };

        var first = await PostWithKeyAsync(admin, Batch(tenant), "batch-7", batch);
        var again = await PostWithKeyAsync(admin, Batch(tenant), "batch-7", batch);
        var other = await PostWithKeyAsync(admin, Batch(tenant), "batch-7", new { messages = new[] { Mail(3) } });
        var single = await PostWithKeyAsync(admin, Emails(tenant), "batch-7", Mail(1));

        Assert.Equal((202, 202, 422, 422), (first.Status, again.Status, other.Status, single.Status));
        Assert.True(JsonNode.DeepEquals(first.Json, again.Json), $"{first.Body}\n{again.Body}");
        foreach (var item in first.Json["items"]!.AsArray().Where(i => i!["id"] is not null))
        {
            await FinishedAsync(tenant, item!["id"]!.GetValue<string>());
        }

        Assert.Equal(2, (await admin.GetAsync(Emails(tenant))).As<DeliveryPageReply>().Items.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public async Task a_batch_of_no_messages_or_more_than_500_is_rejected_and_queues_nothing(int count)
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);

        var reply = await admin.PostAsync(Batch(tenant), new { messages = Enumerable.Range(0, count).Select(Mail).ToArray() });

        Assert.Equal(400, reply.Status);
        Assert.Contains("messages", reply.FieldErrors());
        Assert.Empty((await admin.GetAsync(Emails(tenant))).As<DeliveryPageReply>().Items);
    }

    [Theory]
    [InlineData("""{}""", "messages")]
    [InlineData("""{"messages":[{"to":["a@klient.pl"],"subject":"x","textBody":"y","attachments":[]}]}""", "messages[0].attachments")]
    public async Task a_batch_that_is_not_a_list_of_mails_is_rejected(string body, string field)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).PostRawAsync(Batch(tenant), body);

        Assert.Equal(400, reply.Status);
        Assert.Contains(field, reply.FieldErrors());
    }

    [Fact]
    public async Task a_batch_of_only_refused_messages_answers_each_and_queues_nothing()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);

        var reply = await admin.PostRawAsync(Batch(tenant), """{"messages":[null,{"to":["a@klient.pl"],"subject":"x"}]}""");

        Assert.Equal(202, reply.Status);
        var items = reply.Json["items"]!.AsArray();
        Assert.Equal([(400, "$"), (400, "textBody")], items.Select(Problem));
        Assert.Empty((await admin.GetAsync(Emails(tenant))).As<DeliveryPageReply>().Items);
    }

    [Fact]
    public async Task a_batch_for_a_tenant_without_settings_conflicts_and_who_may_send_follows_the_role_matrix()
    {
        var tenant = await ConfiguredTenantAsync();
        var batch = new { messages = new[] { Mail(1) } };

        Assert.Equal(409, (await Admin("no-settings-here").PostAsync(Batch("no-settings-here"), batch)).Status);
        Assert.Equal(202, (await As(Identity.Sender(tenant)).PostAsync(Batch(tenant), batch)).Status);
        Assert.Equal(403, (await As(Identity.Auditor).PostAsync(Batch(tenant), batch)).Status);
        Assert.Equal(403, (await Admin("someone-else").PostAsync(Batch(tenant), batch)).Status);
        Assert.Equal(401, (await As(Identity.None).PostAsync(Batch(tenant), batch)).Status);
    }

    private static (int Status, string Field) Problem(JsonNode? item)
    {
        var error = item!["error"]!;
        return (error["status"]!.GetValue<int>(), Assert.Single(error["errors"]!.AsObject()).Key);
    }

    internal static Task<Reply> PostWithKeyAsync(ApiClient client, string path, string key, object body)
    {
        var content = System.Net.Http.Json.JsonContent.Create(body);
        content.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(HttpMethod.Post, path, content, null);
    }
}

/// <summary>A batch takes one permit of the tenant's mail allowance per accepted mail, and none for a refused one.</summary>
public sealed class BatchAllowanceTests(BatchAllowanceTests.FiveMailsFactory factory) : IClassFixture<BatchAllowanceTests.FiveMailsFactory>
{
    [Fact]
    public async Task a_batch_counts_its_accepted_mails_against_the_allowance_and_beyond_it_queues_none()
    {
        var tenant = $"batch-limit-{Guid.NewGuid():N}"[..24];
        var admin = factory.Client(Identity.TenantAdmin(tenant));
        Assert.Equal(201, (await admin.PutAsync($"{ApiClient.Settings(tenant)}/primary-email", new { primaryEmail = "biuro@acme.pl" })).Status);
        var mail = new { to = new[] { "jan@klient.pl" }, subject = "x", textBody = "y" };
        var refused = new { to = new[] { "nie-adres" }, subject = "x", textBody = "y" };
        var path = $"/api/v1/tenants/{tenant}/emails";

        var four = await admin.PostAsync($"{path}/batch", new { messages = new object[] { mail, refused, mail, mail, mail } });
        var two = await admin.PostAsync($"{path}/batch", new { messages = new[] { mail, mail } });
        var one = await admin.PostAsync(path, mail);
        var beyond = await admin.PostAsync(path, mail);

        Assert.Equal((202, 429, 202, 429), (four.Status, two.Status, one.Status, beyond.Status));
        Assert.NotNull(two.RetryAfter);
        Assert.Equal(5, (await admin.GetAsync(path)).Json["items"]!.AsArray().Count);
    }

    public sealed class FiveMailsFactory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string> SpecialSettings => new Dictionary<string, string> { ["RateLimits:MailsPerMinute"] = "5" };
    }
}
