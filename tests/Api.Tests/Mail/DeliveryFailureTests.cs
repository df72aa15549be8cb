using System.Collections.Concurrent;
using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Mail;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Mail;
using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;
using Desktomy.Email.MailCatcher;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>Scripted tenant servers: transient replies are retried (the tests retry after 0.2 s), permanent ones fail at once.</summary>
public sealed class DeliveryFailureTests(ApiFactory factory) : MailTest(factory)
{
    private static readonly object Mail = new { to = new[] { "jan@klient.pl" }, subject = "Faktura", textBody = "W załączniku" };

    [Fact]
    public async Task a_server_answering_451_twice_then_250_gets_the_mail_on_the_third_attempt()
    {
        var attempts = new ConcurrentDictionary<string, int>();
        await using var server = await MailCatcherServer.StartAsync(new MailCatcherOptions
        {
            Responder = mail => attempts.AddOrUpdate(mail.Message.MessageId ?? string.Empty, 1, (_, n) => n + 1) <= 2 ? new SmtpReply(451, "Try again later") : null,
        });
        var tenant = await TenantWithOwnServerAsync(server);

        var delivery = await SendAndFinishAsync(tenant, Mail);

        Assert.Equal(("Sent", 3), (delivery.Status, delivery.Attempts));
        Assert.Null(delivery.LastError);
        var received = Assert.Single(server.Messages);
        Assert.Equal(delivery.MessageId, $"<{received.Message.MessageId}>");
        Assert.Equal(3, attempts[received.Message.MessageId!]);
    }

    [Fact]
    public async Task a_server_answering_550_fails_the_delivery_at_once()
    {
        var attempts = 0;
        await using var server = await MailCatcherServer.StartAsync(new MailCatcherOptions
        {
            Responder = _ =>
            {
                Interlocked.Increment(ref attempts);
                return new SmtpReply(550, "No such user here");
            },
        });
        var tenant = await TenantWithOwnServerAsync(server);

        var delivery = await SendAndFinishAsync(tenant, Mail);

        Assert.Equal(("Failed", 1), (delivery.Status, delivery.Attempts));
        Assert.Equal(new DeliveryErrorReply("send", 550, delivery.LastError!.Message), delivery.LastError);
        Assert.Contains("No such user here", delivery.LastError.Message, StringComparison.Ordinal);
        Assert.Null(await QueueRowAsync(tenant, delivery.Id));
        Assert.Equal(1, attempts);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task a_duplicate_send_for_a_finished_delivery_sends_and_records_nothing()
    {
        var tenant = await ConfiguredTenantAsync();
        var delivery = await SendAndFinishAsync(tenant, Mail);
        var eventsBefore = await DeliveryEventsAsync(tenant, delivery.Id);

        await RequeueAndWaitAsync(tenant, delivery.Id, DateTimeOffset.UtcNow);

        Assert.Equal(eventsBefore.Count, (await DeliveryEventsAsync(tenant, delivery.Id)).Count);
        Assert.Single(Smtp.Platform.Messages, m => $"<{m.Message.MessageId}>" == delivery.MessageId);
    }

    [Fact]
    public async Task a_server_that_never_greets_ends_each_attempt_at_the_configured_timeout_and_finally_fails()
    {
        var tenant = await ConfiguredTenantAsync();
        // Verification would refuse this server, so the settings are written as if it had gone silent since.
        await WriteOwnSmtpAsync(tenant, SmtpEndpoint.Create("127.0.0.1", Smtp.Silent.Port, SmtpSecurity.None), timeoutSeconds: 1);
        var started = TimeProvider.System.GetTimestamp();

        var delivery = await SendAndFinishAsync(tenant, Mail);

        Assert.Equal(("Failed", 3), (delivery.Status, delivery.Attempts));
        Assert.Equal("connect", delivery.LastError!.Stage);
        Assert.Contains("1 s", delivery.LastError.Message, StringComparison.Ordinal);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(25));
    }

    [Fact]
    public async Task a_rejected_login_fails_the_delivery_at_auth_without_retrying()
    {
        var tenant = await ConfiguredTenantAsync();
        Assert.Equal(200, (await Admin(tenant).PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);
        await WriteOwnSmtpAsync(tenant, SmtpEndpoint.Create("127.0.0.1", Smtp.Implicit.Port, SmtpSecurity.SslOnConnect), timeoutSeconds: 5, username: "someone-else@acme.pl");

        var delivery = await SendAndFinishAsync(tenant, Mail);

        Assert.Equal(("Failed", 1), (delivery.Status, delivery.Attempts));
        Assert.Equal(("auth", (int?)535), (delivery.LastError!.Stage, delivery.LastError.SmtpStatusCode));
    }

    [Fact]
    public async Task many_mails_to_one_server_reuse_a_few_connections()
    {
        await using var server = await MailCatcherServer.StartAsync(new MailCatcherOptions());
        var tenant = await TenantWithOwnServerAsync(server);
        var connectionsBefore = server.ConnectionCount;
        var admin = Admin(tenant);

        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add((await admin.PostAsync(Emails(tenant), Mail)).As<QueuedReply>().Id);
        }

        foreach (var id in ids)
        {
            Assert.Equal("Sent", (await FinishedAsync(tenant, id)).Status);
        }

        Assert.Equal(40, server.Messages.Count);
        // At most one connection per mail sent at the same moment, never one per mail.
        Assert.InRange(server.ConnectionCount - connectionsBefore, 1, new MailDeliveryOptions().ParallelSends);
    }

    [Fact]
    public async Task a_pooled_connection_the_server_dropped_is_replaced_without_costing_an_attempt()
    {
        var server = await MailCatcherServer.StartAsync(new MailCatcherOptions());
        var port = server.Port;
        var tenant = await TenantWithOwnServerAsync(server);
        Assert.Equal("Sent", (await SendAndFinishAsync(tenant, Mail)).Status);

        // The server goes away and comes back on the same port: the pooled connection is dead.
        await server.DisposeAsync();
        await using var restarted = await MailCatcherServer.StartAsync(new MailCatcherOptions { Port = port });
        var delivery = await SendAndFinishAsync(tenant, Mail);

        Assert.Equal(("Sent", 1), (delivery.Status, delivery.Attempts));
        Assert.Single(restarted.Messages);
    }


    private async Task WriteOwnSmtpAsync(string tenant, SmtpEndpoint endpoint, int timeoutSeconds, string? username = null)
    {
        var writer = new SettingsWriter(Factory.Store, new SettingsCache(), new FixedActor("test-setup", "delivery-failure-test"), TimeProvider.System);
        await writer.WriteAsync(tenant, null, (current, now) =>
        {
            var stored = current!.OwnSmtp?.SealedPassword;
            var smtp = new OwnSmtpConfiguration("poczta@acme.pl", endpoint.Host, endpoint.Port, endpoint.Security, username ?? (stored is null ? null : SmtpServers.Username), stored,
                SmtpAdvancedOptions.Default with { TimeoutSeconds = timeoutSeconds, VerifyCertificate = false });
            return current.OwnSmtpEnabled ? [new OwnSmtpUpdated(tenant, smtp, now)] : [new OwnSmtpEnabled(tenant, smtp, now)];
        }, CancellationToken.None);
    }
}
