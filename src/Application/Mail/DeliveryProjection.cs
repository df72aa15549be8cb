using Desktomy.Email.Domain.Mail;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace Desktomy.Email.Application.Mail;

/// <summary>Keeps each delivery's current state as a document, in the same transaction as its events (inline).</summary>
public sealed class DeliveryProjection : SingleStreamProjection<Delivery, string>
{
    public override Delivery? Evolve(Delivery? snapshot, string id, IEvent e) => Delivery.Next(snapshot, e.Data);
}
