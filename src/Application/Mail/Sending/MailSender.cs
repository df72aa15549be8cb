using Desktomy.Email.Application.Secrets;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Mail;
using Desktomy.Email.Domain.Smtp;
using MailKit.Net.Smtp;
using Marten;
using JasperFx.Events;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Desktomy.Email.Application.Mail.Sending;

/// <summary>
/// Sends one delivery with the tenant's settings as they are now, and appends what happened to the delivery's stream
/// (the caller's session commits it). A transient failure is thrown as <see cref="TransientMailException"/> so the
/// message is retried; a permanent one fails the delivery at once.
/// </summary>
public sealed class MailSender(
    PasswordVault vault,
    SmtpClientPool pool,
    IOptions<PlatformMailOptions> platform,
    IOptions<MailDeliveryOptions> options,
    TimeProvider clock)
{
    public const string SendStage = "send";

    public async Task SendAsync(SendMail message, IDocumentSession session, CancellationToken cancellationToken)
    {
        // Fetched for writing: if the same message were ever handled twice at once, the second commit fails instead of
        // recording a second outcome.
        var stream = await session.Events.FetchForWriting<Delivery>(message.DeliveryId, cancellationToken);
        var delivery = stream.Aggregate
            ?? throw new InvalidOperationException($"Delivery '{message.DeliveryId}' of tenant '{message.TenantId}' does not exist.");
        if (delivery.IsFinished)
        {
            return;
        }

        // The bodies and the settings in one round trip.
        var batch = session.CreateBatchQuery();
        var loadingContent = batch.Load<MailContent>(message.DeliveryId);
        var loadingSettings = batch.Load<EmailSettingsDocument>(message.TenantId);
        await batch.Execute(cancellationToken);
        var content = await loadingContent ?? throw new InvalidOperationException($"Delivery '{message.DeliveryId}' has no content.");
        var settings = await loadingSettings ?? throw new InvalidOperationException($"Tenant '{message.TenantId}' has no e-mail settings.");

        var route = MailRouting.Route(delivery, settings, platform.Value);
        try
        {
            var (key, target) = await DestinationAsync(route, settings, session, cancellationToken);
            await SendAsync(key, target, MailComposer.Compose(delivery, content, route), cancellationToken);
            stream.AppendOne(DeliveryDecider.Sent(delivery, route, clock.GetUtcNow()));
        }
        catch (SmtpHostRefusedException refused)
        {
            FailNow(stream, route, new DeliveryError(SmtpStage.Connect, null, refused.Message));
        }
        catch (StoredPasswordUnreadableException unreadable)
        {
            FailNow(stream, route, new DeliveryError(SmtpStage.Auth, null, unreadable.Message));
        }
        catch (SmtpFailureException failure)
        {
            var error = new DeliveryError(failure.Stage, failure.SmtpStatusCode, failure.Message);
            if (IsTransient(failure))
            {
                throw new TransientMailException(route, error, failure);
            }

            FailNow(stream, route, error);
        }
    }

    private void FailNow(IEventStream<Delivery> stream, MailRoute route, DeliveryError error) =>
        stream.AppendOne(DeliveryDecider.AttemptFailed(stream.Aggregate!, route, error, transient: false, options.Value.RetrySchedule, clock.GetUtcNow()));

    /// <summary>Connection errors, timeouts, TLS failures and 4xx replies are worth retrying; 5xx replies and permanent failures are not.</summary>
    public static bool IsTransient(SmtpFailureException failure) => !failure.Permanent && failure.SmtpStatusCode is not >= 500;

    private async Task SendAsync(SmtpPoolKey key, SmtpTarget target, MimeMessage mime, CancellationToken cancellationToken)
    {
        var lease = await pool.RentAsync(key, target, cancellationToken);
        if (!await TrySendAsync(key, target, lease.Client, mime, cancellationToken, lastTry: !lease.Reused))
        {
            // The server closed the pooled connection while it was idle: that is not this mail's failure.
            var fresh = await pool.RentAsync(key, target, cancellationToken);
            await TrySendAsync(key, target, fresh.Client, mime, cancellationToken, lastTry: true);
        }
    }

    /// <summary>False when the connection broke (and is not the last try); a server's refusal is always thrown.</summary>
    private async Task<bool> TrySendAsync(SmtpPoolKey key, SmtpTarget target, SmtpClient client, MimeMessage mime, CancellationToken cancellationToken, bool lastTry = false)
    {
        var healthy = false;
        try
        {
            RequireSmtpUtf8Where(client, mime);
            await client.SendAsync(mime, cancellationToken);
            healthy = true;
            return true;
        }
        catch (SmtpCommandException e)
        {
            throw new SmtpFailureException(SendStage, (int)e.StatusCode, $"The server answered {(int)e.StatusCode}: {e.Message}", e);
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or MailKit.ServiceNotConnectedException && !cancellationToken.IsCancellationRequested && !lastTry)
        {
            return false;
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or TimeoutException or OperationCanceledException or MailKit.ServiceNotConnectedException && !cancellationToken.IsCancellationRequested)
        {
            throw new SmtpFailureException(SendStage, null, $"The connection to {target.Host}:{target.Port} broke while sending ({e.GetType().Name}).", e);
        }
        finally
        {
            pool.Return(key, client, healthy);
        }
    }

    /// <summary>
    /// International domains travel as punycode (MailKit encodes them) when the server lacks SMTPUTF8, but a non-ASCII
    /// name before the @ cannot be encoded: that is a permanent failure, explained.
    /// </summary>
    private static void RequireSmtpUtf8Where(SmtpClient client, MimeMessage mime)
    {
        if (client.Capabilities.HasFlag(SmtpCapabilities.UTF8))
        {
            return;
        }

        var international = mime.From.Mailboxes.Concat(mime.To.Mailboxes).Concat(mime.Cc.Mailboxes).Concat(mime.Bcc.Mailboxes)
            .FirstOrDefault(m => !System.Text.Ascii.IsValid(m.LocalPart));
        if (international is not null)
        {
            throw new SmtpFailureException(
                SendStage, null, $"The address {international.Address} has non-ASCII characters before the @, and the server does not support SMTPUTF8, so it cannot be delivered there.", permanent: true);
        }
    }

    private async Task<(SmtpPoolKey Key, SmtpTarget Target)> DestinationAsync(
        MailRoute route, EmailSettingsDocument settings, IDocumentSession session, CancellationToken cancellationToken)
    {
        var tenant = settings.Settings;
        if (route.Transport == Transport.OwnSmtp)
        {
            var smtp = tenant.OwnSmtp!;
            var password = await vault.PasswordForAsync(session, tenant.TenantId, smtp, typed: null, cancellationToken);
            var key = new SmtpPoolKey(tenant.TenantId, settings.Version, smtp.Host, smtp.Port, smtp.Security, smtp.Username);
            return (key, SmtpTargets.For(smtp, password));
        }

        var server = platform.Value;
        return (new SmtpPoolKey(null, 0, server.Host, server.Port, server.Security, server.Username),
            new SmtpTarget(server.Host, server.Port, server.Security, server.Username, server.Password, SmtpAdvancedOptions.Default, Trusted: true));
    }
}
