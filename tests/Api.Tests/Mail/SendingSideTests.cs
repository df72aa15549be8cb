using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.MailCatcher;
using MimeKit;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>What leaves for the SMTP server: the message's own headers, and the pooled connections it travels over.</summary>
public sealed class SendingSideTests(ApiFactory factory) : MailTest(factory)
{
    private static object Mail(string subject) => new { to = new[] { "jan@klient.pl" }, subject, textBody = "x" };

    [Fact]
    public async Task the_sent_message_carries_one_message_id_date_and_subject_those_fixed_when_the_mail_was_accepted()
    {
        await using var server = await MailCatcherServer.StartAsync(new MailCatcherOptions());
        var tenant = await TenantWithOwnServerAsync(server);

        var delivery = await SendAndFinishAsync(tenant, Mail("Faktura nr 7/2026 — zaległa"));

        var received = Assert.Single(server.Messages).Message;
        Assert.Equal(delivery.MessageId, $"<{received.MessageId}>");
        Assert.Equal("Faktura nr 7/2026 — zaległa", received.Subject);
        Assert.Equal(delivery.QueuedAt.ToUnixTimeSeconds(), received.Date.ToUnixTimeSeconds());
        Assert.Equal(1, received.Headers.Count(h => h.Id == HeaderId.MessageId));
        Assert.Equal(1, received.Headers.Count(h => h.Id == HeaderId.Date));
        Assert.Equal(1, received.Headers.Count(h => h.Id == HeaderId.Subject));
        Assert.Equal(0, received.Headers.Count(h => h.Id is HeaderId.Cc or HeaderId.Bcc));
    }

    [Fact]
    public async Task mails_of_a_tenant_reuse_its_pooled_connection_until_its_settings_change()
    {
        await using var server = await MailCatcherServer.StartAsync(new MailCatcherOptions());
        var tenant = await TenantWithOwnServerAsync(server);
        var before = server.ConnectionCount;

        await SendAndFinishAsync(tenant, Mail("first"));
        await SendAndFinishAsync(tenant, Mail("second, on the same connection"));
        Assert.Equal(before + 1, server.ConnectionCount);

        Assert.Equal(200, (await Admin(tenant).PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "Biuro po zmianie" })).Status);
        var afterChange = await SendAndFinishAsync(tenant, Mail("third, after the settings changed"));
        await SendAndFinishAsync(tenant, Mail("fourth, on the new connection"));

        Assert.Equal("Sent", afterChange.Status);
        Assert.Equal(before + 2, server.ConnectionCount);
        Assert.Equal(4, server.Messages.Count);
    }
}
