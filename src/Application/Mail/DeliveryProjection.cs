using Desktomy.Email.Domain.Mail;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Desktomy.Email.Application.Mail;

/// <summary>Keeps each delivery's current state as a document, in the same transaction as its events (inline).</summary>
public sealed class DeliveryProjection : SingleStreamProjection<Delivery, string>
{
    /// <summary>
    /// Only the delivery events: with an Evolve method Marten cannot see which events matter, and would otherwise look
    /// for a delivery document for every settings event too (one more query per settings command).
    /// </summary>
    public DeliveryProjection()
    {
        IncludeType<MailQueued>();
        IncludeType<MailAttemptFailed>();
        IncludeType<MailSent>();
        IncludeType<MailFailed>();
        IncludeType<MailRetryRequested>();
        IncludeType<MailCancelled>();
    }

    public override Delivery? Evolve(Delivery? snapshot, string id, IEvent e) => Delivery.Evolve(snapshot, e.Data);
}
