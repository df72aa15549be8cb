using Desktomy.Email.Domain.Mail;
using Marten;

namespace Desktomy.Email.Application.Mail;

/// <summary>
/// Every write of a delivery event after its first (a new delivery's rows are written by <see cref="Queue.MailQueueRows.AcceptAsync"/>): the event and the evolved <see cref="Delivery"/> document go into the same session
/// (no projection reads the stream back), the append stating the version the stream must be at, so that of two
/// writers racing on one delivery the second commit fails instead of recording a second outcome.
/// </summary>
public static class DeliveryWrites
{
    public static Delivery Append(IDocumentOperations session, Delivery delivery, IDeliveryEvent change)
    {
        var next = Delivery.Evolve(delivery, change)!;
        session.Events.Append(delivery.Id, next.Version, change);
        session.Store(next);
        return next;
    }
}
