using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.MailCatcher;

namespace Desktomy.Email.Api.Tests.Settings;

/// <summary>POST …/email-settings/test-message: a real mail through the effective transport, as a client's mail would leave.</summary>
public sealed class TestMessageTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task a_test_message_goes_from_the_platform_to_the_primary_email_as_a_clients_mail_would()
    {
        var tenant = await ConfiguredTenantAsync();

        var accepted = await Admin(tenant).PostAsync($"{Settings(tenant)}/test-message", null);

        Assert.Equal(202, accepted.Status);
        Assert.Equal("Queued", accepted.Json["status"]!.GetValue<string>());
        var id = accepted.Json["id"]!.GetValue<string>();
        Assert.Equal($"/api/v1/tenants/{tenant}/emails/{id}", accepted.Location);
        var delivery = await FinishedDeliveryAsync(tenant, id);
        Assert.Equal("Sent", delivery["status"]!.GetValue<string>());
        Assert.Equal("Test", delivery["kind"]!.GetValue<string>());
        Assert.Equal("platform", delivery["transport"]!.GetValue<string>());
        var received = await ReceivedAsync(Smtp.Platform, delivery);
        Assert.Equal("\"Biuro Acme\" <automat@desktomy.pl>", received.Message.From.ToString());
        Assert.Equal("biuro@acme.pl", received.Message.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal(["biuro@acme.pl"], received.EnvelopeTo);
        Assert.Contains("test", received.Message.Subject, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("test of your DESKTOMY e-mail settings", received.Message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_test_message_goes_to_the_address_given()
    {
        var tenant = await ConfiguredTenantAsync();

        var accepted = await Admin(tenant).PostAsync($"{Settings(tenant)}/test-message", new { to = "jan.kowalski@example.com" });

        Assert.Equal(202, accepted.Status);
        var delivery = await FinishedDeliveryAsync(tenant, accepted.Json["id"]!.GetValue<string>());
        var received = await ReceivedAsync(Smtp.Platform, delivery);
        Assert.Equal(["jan.kowalski@example.com"], received.EnvelopeTo);
        Assert.Equal("biuro@acme.pl", received.Message.ReplyTo.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task with_own_smtp_the_test_message_arrives_at_the_tenants_server_from_the_sender_email()
    {
        var tenant = await ConfiguredTenantAsync();
        Assert.Equal(200, (await Admin(tenant).PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);

        var accepted = await Admin(tenant).PostAsync($"{Settings(tenant)}/test-message", null);

        var delivery = await FinishedDeliveryAsync(tenant, accepted.Json["id"]!.GetValue<string>());
        Assert.Equal("Sent", delivery["status"]!.GetValue<string>());
        Assert.Equal("own-smtp", delivery["transport"]!.GetValue<string>());
        var received = await ReceivedAsync(Smtp.Implicit, delivery);
        Assert.Equal("poczta@acme.pl", received.Message.From.Mailboxes.Single().Address);
        Assert.Equal("Biuro Acme", received.Message.From.Mailboxes.Single().Name);
        Assert.Equal(SmtpServers.Username, received.AuthenticatedUser);
        Assert.Equal(["biuro@acme.pl"], received.EnvelopeTo);
    }

    [Fact]
    public async Task a_tenant_without_settings_gets_409_and_a_bad_address_400()
    {
        var tenant = NewTenant();
        var configured = await ConfiguredTenantAsync();

        var missing = await Admin(tenant).PostAsync($"{Settings(tenant)}/test-message", null);
        var invalid = await Admin(configured).PostAsync($"{Settings(configured)}/test-message", new { to = "not an address" });

        Assert.Equal(409, missing.Status);
        Assert.Equal(400, invalid.Status);
        Assert.NotEmpty(invalid.As<ProblemView>().ErrorsFor("to"));
    }

    [Theory]
    [InlineData("auditor")]
    [InlineData("sender")]
    [InlineData("tenant-admin of another")]
    public async Task only_those_who_change_settings_may_send_a_test_message(string caller)
    {
        var tenant = await ConfiguredTenantAsync();
        var identity = caller switch
        {
            "auditor" => Identity.Auditor,
            "sender" => Identity.Sender(tenant),
            _ => Identity.TenantAdmin(NewTenant()),
        };

        var reply = await As(identity).PostAsync($"{Settings(tenant)}/test-message", null);

        Assert.Equal(403, reply.Status);
    }

    private static Task<CapturedMail> ReceivedAsync(MailCatcherServer server, System.Text.Json.Nodes.JsonNode delivery)
    {
        var messageId = delivery["messageId"]!.GetValue<string>();
        return server.WaitForMessageAsync(m => $"<{m.Message.MessageId}>" == messageId, TimeSpan.FromSeconds(10));
    }
}
