using Desktomy.Email.Domain.Mail;

namespace Desktomy.Email.Application.Mail.Sending;

/// <summary>An attempt failed in a way worth retrying; Wolverine schedules the retry and the failure is recorded.</summary>
public sealed class TransientMailException(MailRoute route, DeliveryError error, Exception inner) : Exception(error.Message, inner)
{
    public MailRoute Route { get; } = route;

    public DeliveryError Error { get; } = error;
}
