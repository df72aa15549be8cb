namespace Desktomy.Email.Domain.Mail;

/// <summary>
/// One accepted mail and what happened to it, rebuilt from its events. Stored as a Marten document, so its fold
/// functions avoid Marten's convention names (Create/Apply/Evolve) and the projection calls them explicitly.
/// </summary>
public sealed record Delivery(
    string Id,
    string TenantId,
    DeliveryKind Kind,
    DeliveryStatus Status,
    int Attempts,
    MailQueued Request,
    MailRoute? Route,
    DeliveryError? LastError,
    DateTimeOffset QueuedAt,
    DateTimeOffset? SentAt)
{
    public bool IsFinished => Status is DeliveryStatus.Sent or DeliveryStatus.Failed;

    public static Delivery Start(MailQueued e) =>
        new(e.DeliveryId, e.TenantId, e.Kind, DeliveryStatus.Queued, 0, e, null, null, e.OccurredAt, null);

    public static Delivery? Next(Delivery? state, object @event) => (state, @event) switch
    {
        (null, MailQueued e) => Start(e),
        (null, _) => null,
        (_, MailAttemptFailed e) => state with { Status = DeliveryStatus.Retrying, Attempts = e.Attempt, Route = e.Route ?? state.Route, LastError = e.Error },
        (_, MailSent e) => state with { Status = DeliveryStatus.Sent, Attempts = e.Attempt, Route = e.Route, LastError = null, SentAt = e.OccurredAt },
        (_, MailFailed e) => state with { Status = DeliveryStatus.Failed, Attempts = e.Attempt, Route = e.Route ?? state.Route, LastError = e.Error },
        _ => state,
    };
}
