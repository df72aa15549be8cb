using Desktomy.Email.Application.Mail.Sending;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Mail;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine;

namespace Desktomy.Email.Application.Mail;

/// <summary>The durable message that asks for one delivery to be sent. The tenant travels with it (and on the envelope).</summary>
public sealed record SendMail(string TenantId, string DeliveryId);

/// <summary>
/// The Wolverine handler of the durable local queue: one attempt to send a delivery. Wolverine opens the session for the
/// envelope's tenant and commits it when the method returns, with the attempt's event and, after a transient failure,
/// the next <see cref="SendMail"/> scheduled for the event's <see cref="MailAttemptFailed.NextAttemptAt"/>: one commit,
/// so a retry is never lost nor scheduled twice. Only exceptions that are not SMTP failures reach Wolverine's error policy.
/// </summary>
public sealed class SendMailHandler(MailSender sender, IOptions<MailDeliveryOptions> options, IOptions<PlatformMailOptions> platform, TimeProvider clock)
{
    private readonly PlatformSender _platform = platform.Value.Sender();

    public async Task<OutgoingMessages> Handle(SendMail message, IDocumentSession session, CancellationToken cancellationToken)
    {
        if (session.TenantId != message.TenantId)
        {
            throw new InvalidOperationException($"A message for tenant '{message.TenantId}' reached a session of tenant '{session.TenantId}'.");
        }

        // One round trip for everything the attempt reads. The delivery is fetched for writing: if the same message
        // were ever handled twice at once, the second commit fails instead of recording a second outcome.
        var batch = session.CreateBatchQuery();
        var fetching = batch.Events.FetchForWriting<Delivery>(message.DeliveryId);
        var loadingContent = batch.Load<MailContent>(message.DeliveryId);
        var loadingSettings = batch.Load<EmailSettingsDocument>(message.TenantId);
        await batch.Execute(cancellationToken);
        var stream = await fetching;
        var delivery = stream.Aggregate
            ?? throw new InvalidOperationException($"Delivery '{message.DeliveryId}' of tenant '{message.TenantId}' does not exist.");
        if (delivery.IsFinished)
        {
            return [];
        }

        var content = await loadingContent ?? throw new InvalidOperationException($"Delivery '{message.DeliveryId}' has no content.");
        var settings = await loadingSettings ?? throw new InvalidOperationException($"Tenant '{message.TenantId}' has no e-mail settings.");

        var route = MailRouting.Route(delivery, settings.Settings, settings.Version, _platform);
        IDeliveryEvent outcome;
        try
        {
            await sender.SendAsync(delivery, content, route, settings, session, cancellationToken);
            outcome = DeliveryDecider.Sent(delivery, route, clock.GetUtcNow());
        }
        catch (SmtpFailureException failure)
        {
            var error = new DeliveryError(failure.Stage, failure.SmtpStatusCode, failure.Message);
            outcome = DeliveryDecider.Failed(delivery, route, error, failure.Permanent, options.Value.RetrySchedule, clock.GetUtcNow());
        }

        stream.AppendOne(outcome);
        return outcome is MailAttemptFailed retry
            ? [new DeliveryMessage<SendMail>(message, new DeliveryOptions { TenantId = message.TenantId, ScheduledTime = retry.NextAttemptAt })]
            : [];
    }
}
