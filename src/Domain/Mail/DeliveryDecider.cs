namespace Desktomy.Email.Domain.Mail;

/// <summary>
/// What an attempt to send a delivery means for it. Attempts are counted on the delivery, and the delivery alone decides
/// whether and when the next one comes: its <see cref="MailAttemptFailed.NextAttemptAt"/> is when the mail is sent again.
/// </summary>
public static class DeliveryDecider
{
    public const string InternalStage = "internal";

    public static MailSent Sent(Delivery delivery, MailRoute route, DateTimeOffset now) =>
        new(delivery.Id, delivery.Attempts + 1, route, now);

    /// <summary>A transient failure is retried while the schedule allows; a permanent one, or the last retry, fails the delivery.</summary>
    /// <param name="cannotSucceed">Retrying cannot help whatever the reply code says (e.g. the server cannot carry this address).</param>
    public static IDeliveryEvent Failed(Delivery delivery, MailRoute route, DeliveryError error, bool cannotSucceed, RetrySchedule schedule, DateTimeOffset now)
    {
        var attempt = delivery.Attempts + 1;
        return IsTransient(error, cannotSucceed) && schedule.DelayAfter(attempt) is { } delay
            ? new MailAttemptFailed(delivery.Id, attempt, route, error, now + delay, now)
            : new MailFailed(delivery.Id, attempt, route, error, now);
    }

    /// <summary>Connection errors, timeouts, TLS failures and 4xx replies are worth retrying; 5xx replies (a rejected login's 535 among them) are not.</summary>
    public static bool IsTransient(DeliveryError error, bool cannotSucceed) => !cannotSucceed && error.SmtpStatusCode is not >= 500;

    /// <summary>The delivery could not be processed at all, after the queue's cooldowns: it stops there.</summary>
    public static MailFailed Poisoned(Delivery delivery, string problem, DateTimeOffset now) =>
        new(delivery.Id, delivery.Attempts + 1, delivery.Route, new DeliveryError(InternalStage, null, $"The mail could not be processed ({problem}), neither at first nor after the queue's cooldowns; it is not tried again."), now);

    /// <summary>Only a failed delivery is sent again.</summary>
    public static MailRetryRequested Retry(Delivery delivery, string actor, DateTimeOffset now) =>
        delivery.Status == DeliveryStatus.Failed
            ? new MailRetryRequested(delivery.Id, actor, now)
            : throw new DeliveryStatusConflictException(delivery.Id, delivery.Status, "retried; only a Failed one can be");

    /// <summary>A delivery can be cancelled while it is still to be sent (Queued or Retrying).</summary>
    public static MailCancelled Cancel(Delivery delivery, string actor, DateTimeOffset now) =>
        delivery.IsFinished
            ? throw new DeliveryStatusConflictException(delivery.Id, delivery.Status, "cancelled; only a Queued or Retrying one can be")
            : new MailCancelled(delivery.Id, actor, now);
}

/// <summary>The delivery's status does not allow what was asked (409).</summary>
public sealed class DeliveryStatusConflictException(string deliveryId, DeliveryStatus status, string what)
    : Exception($"Mail '{deliveryId}' is {status} and cannot be {what}.");
