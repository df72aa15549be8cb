namespace Desktomy.Email.Domain.Mail;

public enum DeliveryKind
{
    Email,
    Notification,
}

public enum DeliveryStatus
{
    Queued,
    Retrying,
    Sent,
    Failed,
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

public sealed record MailAttemptFailed(string DeliveryId, int Attempt, MailRoute? Route, DeliveryError Error, DateTimeOffset NextAttemptAt, DateTimeOffset OccurredAt) : IDeliveryEvent;

public sealed record MailSent(string DeliveryId, int Attempt, MailRoute Route, DateTimeOffset OccurredAt) : IDeliveryEvent;

public sealed record MailFailed(string DeliveryId, int Attempt, MailRoute? Route, DeliveryError Error, DateTimeOffset OccurredAt) : IDeliveryEvent;
