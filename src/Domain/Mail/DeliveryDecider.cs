namespace Desktomy.Email.Domain.Mail;

/// <summary>What an attempt to send a delivery means for it. Attempts are counted on the delivery, not on the message.</summary>
public static class DeliveryDecider
{
    public static MailSent Sent(Delivery delivery, MailRoute route, DateTimeOffset now) =>
        new(delivery.Id, delivery.Attempts + 1, route, now);

    /// <summary>A transient failure is retried while the schedule allows; a permanent one, or the last retry, fails the delivery.</summary>
    public static IDeliveryEvent AttemptFailed(Delivery delivery, MailRoute? route, DeliveryError error, bool transient, RetrySchedule schedule, DateTimeOffset now)
    {
        var attempt = delivery.Attempts + 1;
        return transient && schedule.DelayAfter(attempt) is { } delay
            ? new MailAttemptFailed(delivery.Id, attempt, route, error, now + delay, now)
            : new MailFailed(delivery.Id, attempt, route, error, now);
    }
}
