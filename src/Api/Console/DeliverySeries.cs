using Desktomy.Email.Domain.Mail;

namespace Desktomy.Email.Api.AdminConsole;

/// <summary>One attempt to send: when, how it ended (sent, failed with a retry due, failed for good) and its error.</summary>
public sealed record DeliveryAttempt(int Number, DateTimeOffset At, DeliveryStatus Outcome, DeliveryError? Error, DateTimeOffset? NextAttemptAt);

/// <summary>
/// A series of attempts: the first starts when the mail is queued, each retry asked for starts another (by whom,
/// when). A cancellation ends the series it falls in.
/// </summary>
public sealed record DeliverySeries(int Number, DateTimeOffset StartedAt, string? RetriedBy, IReadOnlyList<DeliveryAttempt> Attempts, (string By, DateTimeOffset At)? Cancelled)
{
    /// <summary>The delivery's events, oldest first, as series.</summary>
    public static IReadOnlyList<DeliverySeries> Of(IEnumerable<IDeliveryEvent> events)
    {
        var series = new List<DeliverySeries>();
        var attempts = new List<DeliveryAttempt>();
        foreach (var e in events)
        {
            switch (e)
            {
                case MailQueued:
                    series.Add(new DeliverySeries(1, e.OccurredAt, null, attempts, null));
                    break;
                case MailRetryRequested retry:
                    attempts = [];
                    series.Add(new DeliverySeries(series.Count + 1, retry.OccurredAt, retry.Actor, attempts, null));
                    break;
                case MailCancelled cancelled when series.Count > 0:
                    series[^1] = series[^1] with { Cancelled = (cancelled.Actor, cancelled.OccurredAt) };
                    break;
                case MailAttemptFailed failed:
                    attempts.Add(new DeliveryAttempt(failed.Attempt, failed.OccurredAt, DeliveryStatus.Retrying, failed.Error, failed.NextAttemptAt));
                    break;
                case MailFailed failed:
                    attempts.Add(new DeliveryAttempt(failed.Attempt, failed.OccurredAt, DeliveryStatus.Failed, failed.Error, null));
                    break;
                case MailSent sent:
                    attempts.Add(new DeliveryAttempt(sent.Attempt, sent.OccurredAt, DeliveryStatus.Sent, null, null));
                    break;
            }
        }

        return series;
    }
}
