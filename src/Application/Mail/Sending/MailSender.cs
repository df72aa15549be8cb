using Desktomy.Email.Application.Secrets;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Application.Smtp.OAuth2;
using Desktomy.Email.Domain.Mail;
using Desktomy.Email.Domain.Smtp;
using MailKit.Net.Smtp;
using Marten;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace Desktomy.Email.Application.Mail.Sending;

/// <summary>
/// The SMTP side of one attempt: the MIME message for the route, the route's destination (the platform server, or the
/// tenant's own, its password unsealed only when a new connection must log in), a pooled connection. Every way it can fail is thrown as an
/// <see cref="SmtpFailureException"/>, which the caller turns into the delivery's next event.
/// </summary>
public sealed class MailSender(PasswordVault vault, SmtpClientPool pool, IDocumentStore store, IOptions<PlatformMailOptions> platform)
{
    private readonly (SmtpPoolKey Key, Func<CancellationToken, Task<SmtpTarget>> Target) _platform = PlatformDestination(platform.Value);
    public const string SendStage = "send";

    /// <exception cref="SmtpFailureException">The mail was not accepted; <see cref="SmtpFailureException.Permanent"/> when retrying cannot help.</exception>
    public async Task SendAsync(Delivery delivery, MailContent content, MailRoute route, EmailSettingsDocument settings, CancellationToken cancellationToken)
    {
        try
        {
            var (key, target) = Destination(route, settings);
            await SendAsync(key, target, Compose(delivery, content, route), cancellationToken);
        }
        catch (SmtpHostRefusedException refused)
        {
            throw new SmtpFailureException(SmtpStage.Connect, null, refused.Message, refused, permanent: true);
        }
        catch (StoredPasswordUnreadableException unreadable)
        {
            throw new SmtpFailureException(SmtpStage.Auth, null, unreadable.Message, unreadable, permanent: true);
        }
        catch (OAuth2TokenException token)
        {
            // Retried only when the provider's answer was transient (5xx, 429, a timeout): a refusal stays until the settings change.
            throw new SmtpFailureException(token.Stage, null, token.Message, token, permanent: token.Permanent);
        }
    }

    /// <summary>
    /// The MIME message of a delivery for its route. The Message-Id is the one fixed when the mail was accepted. The
    /// headers are given to the constructor: the parameterless one first generates a Message-Id of its own (from the host
    /// name, through IDN mapping), a Date and an empty Subject, which would all three be replaced at once.
    /// </summary>
    private static MimeMessage Compose(Delivery delivery, MailContent content, MailRoute route)
    {
        var request = delivery.Request;
        var message = new MimeMessage(
            new Header(HeaderId.Date, DateUtils.FormatDate(request.OccurredAt)),
            new Header(HeaderId.Subject, request.Subject),
            new Header(HeaderId.MessageId, $"<{request.MessageId.Trim('<', '>')}>"));
        message.From.Add(new MailboxAddress(route.FromName, route.FromAddress));
        if (route.ReplyTo is not null)
        {
            message.ReplyTo.Add(MailboxAddress.Parse(route.ReplyTo));
        }

        message.To.AddRange(route.To.Select(MailboxAddress.Parse));
        if (delivery.Kind == DeliveryKind.Email && request.Cc.Count + request.Bcc.Count > 0)
        {
            message.Cc.AddRange(request.Cc.Select(MailboxAddress.Parse));
            message.Bcc.AddRange(request.Bcc.Select(MailboxAddress.Parse));
        }

        message.Body = new BodyBuilder { TextBody = content.TextBody, HtmlBody = content.HtmlBody }.ToMessageBody();
        return message;
    }

    private async Task SendAsync(SmtpPoolKey key, Func<CancellationToken, Task<SmtpTarget>> target, MimeMessage mime, CancellationToken cancellationToken)
    {
        var lease = await pool.RentAsync(key, target, cancellationToken);
        if (!await TrySendAsync(key, lease.Client, mime, cancellationToken, lastTry: !lease.Reused))
        {
            // The server closed the pooled connection while it was idle: that is not this mail's failure.
            var fresh = await pool.RentAsync(key, target, cancellationToken);
            await TrySendAsync(key, fresh.Client, mime, cancellationToken, lastTry: true);
        }
    }

    /// <summary>False when the connection broke (and is not the last try); a server's refusal is always thrown.</summary>
    private async Task<bool> TrySendAsync(SmtpPoolKey key, SmtpClient client, MimeMessage mime, CancellationToken cancellationToken, bool lastTry = false)
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
            throw new SmtpFailureException(SendStage, null, $"The connection to {key.Host}:{key.Port} broke while sending ({e.GetType().Name}).", e);
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

    private (SmtpPoolKey Key, Func<CancellationToken, Task<SmtpTarget>> Target) Destination(MailRoute route, EmailSettingsDocument settings)
    {
        var tenant = settings.Settings;
        if (route.Transport == MailRouting.OwnSmtp)
        {
            var smtp = tenant.OwnSmtp!;
            var key = new SmtpPoolKey(tenant.TenantId, settings.Version, smtp.Host, smtp.Port, smtp.Security, smtp.Username);
            return (key, async cancellationToken =>
            {
                await using var session = store.QuerySession(tenant.TenantId);
                var password = await vault.PasswordForAsync(session, tenant.TenantId, smtp, typed: null, cancellationToken);
                return SmtpTargets.For(tenant.TenantId, settings.Version, smtp, password);
            });
        }

        return _platform;
    }

    /// <summary>The platform server's pool key and target, made once: most mail goes there.</summary>
    private static (SmtpPoolKey, Func<CancellationToken, Task<SmtpTarget>>) PlatformDestination(PlatformMailOptions server)
    {
        var target = Task.FromResult(new SmtpTarget(server.Host, server.Port, server.Security, server.Username, server.Password, SmtpAdvancedOptions.Default, Trusted: true));
        return (new SmtpPoolKey(null, 0, server.Host, server.Port, server.Security, server.Username), _ => target);
    }
}
