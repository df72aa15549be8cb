namespace Desktomy.Email.Domain.Mail;

public enum DeliveryKind
{
    Email,
    Notification,

    /// <summary>A test of the e-mail settings: routed as <see cref="Email"/>, to the one address it was asked for.</summary>
    Test,
}

public enum DeliveryStatus
{
    Queued,
    Retrying,
    Sent,
    Failed,
    Cancelled,
}

/// <summary>Why an attempt failed: the SMTP stage, the server's reply code when there was one, and a readable message.</summary>
public sealed record DeliveryError(string Stage, int? SmtpStatusCode, string Message);

/// <summary>How a mail left (or tried to): decided at send time from the tenant's settings of that moment.</summary>
public sealed record MailRoute(string Transport, long SettingsVersion, string? FromName, string FromAddress, string? ReplyTo, IReadOnlyList<string> To);

/// <summary>Every event on a delivery's stream names its delivery and when it happened.</summary>
public interface IDeliveryEvent
{
    string DeliveryId { get; }

    DateTimeOffset OccurredAt { get; }
}

/// <summary>
/// A mail was accepted; <paramref name="MessageId"/> is fixed now so every retry re-sends the same Message-Id.
/// The bodies are kept beside the stream (they can be large), not in the event.
/// </summary>
public sealed record MailQueued(
    string DeliveryId,
    string TenantId,
    DeliveryKind Kind,
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    IReadOnlyList<string> Bcc,
    string Subject,
    string MessageId,
    DateTimeOffset OccurredAt) : IDeliveryEvent;

/// <summary>The bodies of a delivery (id = delivery id), stored as a document in the same commit as its first event.</summary>
public sealed record MailContent(string Id, string? TextBody, string? HtmlBody);

/// <summary>An attempt failed in a way worth retrying; the next one is due at <paramref name="NextAttemptAt"/>.</summary>
public sealed record MailAttemptFailed(string DeliveryId, int Attempt, MailRoute? Route, DeliveryError Error, DateTimeOffset NextAttemptAt, DateTimeOffset OccurredAt) : IDeliveryEvent;

public sealed record MailSent(string DeliveryId, int Attempt, MailRoute Route, DateTimeOffset OccurredAt) : IDeliveryEvent;

/// <summary>The delivery gave up: a permanent failure, the last retry, or a message that could not be processed.</summary>
public sealed record MailFailed(string DeliveryId, int Attempt, MailRoute? Route, DeliveryError Error, DateTimeOffset OccurredAt) : IDeliveryEvent;

/// <summary>Someone asked for a failed delivery to be sent again: a new series of attempts starts.</summary>
public sealed record MailRetryRequested(string DeliveryId, string Actor, DateTimeOffset OccurredAt) : IDeliveryEvent;

/// <summary>Someone cancelled a delivery before it was sent: no further attempt is made.</summary>
public sealed record MailCancelled(string DeliveryId, string Actor, DateTimeOffset OccurredAt) : IDeliveryEvent;

/// <summary>
/// One accepted mail and what happened to it, folded from its events by <see cref="Evolve"/>. It is stored as a Marten
/// document by whoever appends its events, in the same commit; <see cref="Version"/> counts the events folded, so the
/// writer of the next event states the stream version it expects.
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
    DateTimeOffset? SentAt,
    long Version = 0)
{
    public bool IsFinished => Status is DeliveryStatus.Sent or DeliveryStatus.Failed or DeliveryStatus.Cancelled;

    public static Delivery? Evolve(Delivery? state, object @event) => (state, @event) switch
    {
        (null, MailQueued e) => new(e.DeliveryId, e.TenantId, e.Kind, DeliveryStatus.Queued, 0, e, null, null, e.OccurredAt, null, Version: 1),
        (null, _) => null,
        (_, MailAttemptFailed e) => state with { Status = DeliveryStatus.Retrying, Attempts = e.Attempt, Route = e.Route ?? state.Route, LastError = e.Error, Version = state.Version + 1 },
        (_, MailSent e) => state with { Status = DeliveryStatus.Sent, Attempts = e.Attempt, Route = e.Route, LastError = null, SentAt = e.OccurredAt, Version = state.Version + 1 },
        (_, MailFailed e) => state with { Status = DeliveryStatus.Failed, Attempts = e.Attempt, Route = e.Route ?? state.Route, LastError = e.Error, Version = state.Version + 1 },
        (_, MailRetryRequested) => state with { Status = DeliveryStatus.Queued, Attempts = 0, Version = state.Version + 1 },
        (_, MailCancelled) => state with { Status = DeliveryStatus.Cancelled, Version = state.Version + 1 },
        _ => state,
    };
}
