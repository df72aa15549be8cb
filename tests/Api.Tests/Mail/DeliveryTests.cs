using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Mail;

public sealed class DeliveryTests(ApiFactory factory) : MailTest(factory)
{
    private static readonly object Mail = new { to = new[] { "jan@klient.pl" }, cc = new[] { "anna@klient.pl" }, subject = "Skan dokumentu", textBody = "Dzień dobry", htmlBody = "<p>Dzień dobry</p>" };

    [Fact]
    public async Task platform_mail_leaves_from_the_platform_address_with_the_sender_name_and_reply_to_the_primary_email()
    {
        var tenant = await ConfiguredTenantAsync();

        var accepted = await Admin(tenant).PostAsync(Emails(tenant), Mail);

        Assert.Equal(202, accepted.Status);
        var queued = accepted.As<QueuedReply>();
        Assert.Equal("Queued", queued.Status);
        Assert.Equal($"{Emails(tenant)}/{queued.Id}", accepted.Location);

        var delivery = await FinishedAsync(tenant, queued.Id);
        var received = await ReceivedAsync(Smtp.Platform, delivery);
        Assert.Equal("\"Biuro Acme\" <automat@desktomy.pl>", received.Message.From.ToString());
        Assert.Equal("biuro@acme.pl", received.Message.ReplyTo.ToString());
        Assert.Equal("jan@klient.pl", received.Message.To.ToString());
        Assert.Equal("anna@klient.pl", received.Message.Cc.ToString());
        Assert.Equal("Skan dokumentu", received.Message.Subject);
        Assert.Equal("Dzień dobry", received.Message.TextBody!.Trim());

        Assert.Equal(("Sent", "Email", 1), (delivery.Status, delivery.Kind, delivery.Attempts));
        Assert.Equal(("platform", (long?)2), (delivery.Transport, delivery.SettingsVersion));
        Assert.Equal(("Biuro Acme <automat@desktomy.pl>", "biuro@acme.pl"), (delivery.From, delivery.ReplyTo));
        Assert.Equal(["jan@klient.pl"], delivery.To);
        Assert.Equal(["anna@klient.pl"], delivery.Cc);
        Assert.Equal("Skan dokumentu", delivery.Subject);
        Assert.Null(delivery.LastError);
        Assert.NotNull(delivery.SentAt);
        Assert.Matches(@"^<.+@desktomy\.pl>$", delivery.MessageId);
    }

    [Fact]
    public async Task with_own_smtp_mail_goes_through_the_tenants_server_from_its_sender_email_without_reply_to()
    {
        var tenant = await ConfiguredTenantAsync();
        Assert.Equal(200, (await Admin(tenant).PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);

        var delivery = await SendAndFinishAsync(tenant, Mail);

        Assert.Equal(("Sent", "own-smtp", (long?)3), (delivery.Status, delivery.Transport, delivery.SettingsVersion));
        Assert.Null(delivery.ReplyTo);
        var received = await ReceivedAsync(Smtp.Implicit, delivery);
        Assert.Equal("\"Biuro Acme\" <poczta@acme.pl>", received.Message.From.ToString());
        Assert.Empty(received.Message.ReplyTo);
        Assert.Equal(SmtpServers.Username, received.AuthenticatedUser);
        Assert.DoesNotContain(Smtp.Platform.Messages, m => m.Message.MessageId == received.Message.MessageId);
    }

    [Fact]
    public async Task the_own_smtp_password_is_unsealed_for_a_new_connection_and_not_again_for_a_mail_on_the_pooled_one()
    {
        var tenant = await ConfiguredTenantAsync();
        Assert.Equal(200, (await Admin(tenant).PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);
        var readsBefore = DataKeyReads(tenant);

        var first = await SendAndFinishAsync(tenant, Mail);
        var readsAfterFirst = DataKeyReads(tenant);
        var connectionsAfterFirst = Smtp.Implicit.ConnectionCount;
        var second = await SendAndFinishAsync(tenant, Mail);

        Assert.Equal(("Sent", "Sent"), (first.Status, second.Status));
        Assert.True(readsAfterFirst > readsBefore, "the first mail logged in without unsealing the password");
        Assert.Equal(connectionsAfterFirst, Smtp.Implicit.ConnectionCount); // the second mail went over the pooled connection
        Assert.Equal(readsAfterFirst, DataKeyReads(tenant));
    }

    [Fact]
    public async Task notifications_go_to_the_primary_email_from_the_platform_even_with_own_smtp()
    {
        var tenant = await ConfiguredTenantAsync();
        Assert.Equal(200, (await Admin(tenant).PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);

        var accepted = await As(Identity.Sender(tenant)).PostAsync($"/api/v1/tenants/{tenant}/notifications", new { subject = "Nowa rezerwacja", textBody = "Sala 2, 10:00" });

        Assert.Equal(202, accepted.Status);
        var delivery = await FinishedAsync(tenant, accepted.As<QueuedReply>().Id);
        Assert.Equal(("Notification", "platform", "DESKTOMY <automat@desktomy.pl>", (string?)null), (delivery.Kind, delivery.Transport, delivery.From, delivery.ReplyTo));
        Assert.Equal(["biuro@acme.pl"], delivery.To);
        var received = await ReceivedAsync(Smtp.Platform, delivery);
        var from = Assert.Single(received.Message.From.Mailboxes);
        Assert.Equal(("DESKTOMY", "automat@desktomy.pl"), (from.Name, from.Address));
        Assert.Empty(received.Message.ReplyTo);
        Assert.Equal("biuro@acme.pl", received.Message.To.ToString());
    }

    [Fact]
    public async Task sending_for_a_tenant_without_settings_conflicts_and_queues_nothing()
    {
        var tenant = NewTenant();

        var reply = await Admin(tenant).PostAsync(Emails(tenant), Mail);
        var list = await Admin(tenant).GetAsync(Emails(tenant));

        Assert.Equal(409, reply.Status);
        Assert.Equal("application/problem+json", reply.ContentType);
        Assert.Empty(list.As<DeliveryPageReply>().Items);
    }

    [Fact]
    public async Task the_same_idempotency_key_and_body_returns_the_first_response_and_sends_once()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);

        var first = await PostWithKeyAsync(admin, tenant, "order-42", Mail);
        var again = await PostWithKeyAsync(admin, tenant, "order-42", Mail);
        var other = await PostWithKeyAsync(admin, tenant, "order-42", new { to = new[] { "inny@klient.pl" }, subject = "Inny", textBody = "x" });

        Assert.Equal((202, 202, 422), (first.Status, again.Status, other.Status));
        Assert.Equal(first.As<QueuedReply>(), again.As<QueuedReply>());
        var delivery = await FinishedAsync(tenant, first.As<QueuedReply>().Id);
        Assert.Equal(delivery.Id, Assert.Single((await admin.GetAsync(Emails(tenant))).As<DeliveryPageReply>().Items).Id);
        Assert.Single(Smtp.Platform.Messages, m => $"<{m.Message.MessageId}>" == delivery.MessageId);
    }

    [Theory]
    [InlineData("""{"subject":"x","textBody":"y"}""", "to")]
    [InlineData("""{"to":[],"subject":"x","textBody":"y"}""", "to")]
    [InlineData("""{"to":["nie-adres"],"subject":"x","textBody":"y"}""", "to[0]")]
    [InlineData("""{"to":["a@klient.pl"],"cc":["b@klient"],"subject":"x","textBody":"y"}""", "cc[0]")]
    [InlineData("""{"to":["a@klient.pl"],"subject":"x\r\nBcc: ofiara@example.com","textBody":"y"}""", "subject")]
    [InlineData("""{"to":["a@klient.pl"],"textBody":"y"}""", "subject")]
    [InlineData("""{"to":["a@klient.pl"],"subject":"x"}""", "textBody")]
    [InlineData("""{"to":["a@klient.pl"],"subject":"x","textBody":"y","attachments":[]}""", "attachments")]
    public async Task a_bad_mail_is_rejected_and_nothing_is_queued(string body, string field)
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);

        var reply = await admin.PostRawAsync(Emails(tenant), body);

        Assert.Equal(400, reply.Status);
        Assert.Contains(field, reply.FieldErrors());
        Assert.Empty((await admin.GetAsync(Emails(tenant))).As<DeliveryPageReply>().Items);
    }

    [Fact]
    public async Task more_than_50_recipients_are_rejected()
    {
        var tenant = await ConfiguredTenantAsync();
        var to = Enumerable.Range(0, 30).Select(i => $"a{i}@klient.pl").ToArray();
        var cc = Enumerable.Range(0, 21).Select(i => $"c{i}@klient.pl").ToArray();

        var reply = await Admin(tenant).PostAsync(Emails(tenant), new { to, cc, subject = "x", textBody = "y" });

        Assert.Equal(400, reply.Status);
        Assert.Contains("to", reply.FieldErrors());
    }

    [Fact]
    public async Task deliveries_are_listed_newest_first_and_filtered_by_status()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await admin.PostAsync(Emails(tenant), Mail)).As<QueuedReply>().Id);
        }

        foreach (var id in ids)
        {
            await FinishedAsync(tenant, id);
        }

        var all = (await As(Identity.Auditor).GetAsync($"{Emails(tenant)}?limit=2")).As<DeliveryPageReply>();
        var sent = (await admin.GetAsync($"{Emails(tenant)}?status=Sent")).As<DeliveryPageReply>();
        var failed = (await admin.GetAsync($"{Emails(tenant)}?status=Failed")).As<DeliveryPageReply>();

        Assert.Equal([ids[2], ids[1]], all.Items.Select(i => i.Id));
        Assert.Equal(3, sent.Items.Length);
        Assert.Empty(failed.Items);
        Assert.Equal(400, (await admin.GetAsync($"{Emails(tenant)}?status=Lost")).Status);
        Assert.Equal(400, (await admin.GetAsync($"{Emails(tenant)}?status=7")).Status);
    }

    [Fact]
    public async Task who_may_send_and_read_follows_the_role_matrix()
    {
        var tenant = await ConfiguredTenantAsync();
        var path = Emails(tenant);
        var id = (await As(Identity.Sender(tenant)).PostAsync(path, Mail)).As<QueuedReply>().Id;

        Assert.Equal(202, (await As(new Identity("service-all", ["sender"], "*")).PostAsync(path, Mail)).Status);
        Assert.Equal(403, (await As(Identity.Auditor).PostAsync(path, Mail)).Status);
        Assert.Equal(403, (await As(Identity.Support).PostAsync(path, Mail)).Status);
        Assert.Equal(403, (await Admin("someone-else").PostAsync(path, Mail)).Status);
        Assert.Equal(403, (await As(Identity.Sender("someone-else")).PostAsync(path, Mail)).Status);
        Assert.Equal(401, (await As(Identity.None).PostAsync(path, Mail)).Status);

        Assert.Equal(200, (await As(Identity.Sender(tenant)).GetAsync($"{path}/{id}")).Status);
        Assert.Equal(200, (await As(new Identity("service-all", ["sender"], "*")).GetAsync($"{path}/{id}")).Status);
        Assert.Equal(200, (await As(Identity.Auditor).GetAsync($"{path}/{id}")).Status);
        Assert.Equal(403, (await As(Identity.Sender("someone-else")).GetAsync($"{path}/{id}")).Status);
        Assert.Equal(404, (await As(Identity.Support).GetAsync($"{path}/no-such-mail")).Status);
    }

    private static Task<Reply> PostWithKeyAsync(ApiClient client, string tenant, string key, object body)
    {
        var content = System.Net.Http.Json.JsonContent.Create(body);
        content.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(HttpMethod.Post, Emails(tenant), content, null);
    }

    private static Task<MailCatcher.CapturedMail> ReceivedAsync(MailCatcher.MailCatcherServer server, DeliveryReply delivery) =>
        server.WaitForMessageAsync(m => $"<{m.Message.MessageId}>" == delivery.MessageId, TimeSpan.FromSeconds(10));

    /// <summary>Reads of the tenant's data key (what unsealing its SMTP password needs), as Marten ran them.</summary>
    private int DataKeyReads(string tenant) =>
        Factory.Sql.Commands.Count(c => c.Text.Contains("mt_doc_tenantdatakey", StringComparison.Ordinal) && c.Text.StartsWith("select", StringComparison.OrdinalIgnoreCase) && c.Parameters.Contains(tenant));
}
