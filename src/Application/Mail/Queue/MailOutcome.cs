using Desktomy.Email.Domain.Mail;

namespace Desktomy.Email.Application.Mail.Queue;

/// <summary>
/// What an attempt's result means for the delivery (its next event, if any) and for its queue row. Decided on the
/// delivery as the completing commit will find it, so a completion that lost a race decides again on the fresh state.
/// </summary>
public static class MailOutcome
{
    /// <summary>Waits before a poison mail is tried again; after the last one its delivery fails (<see cref="DeliveryDecider.Poisoned"/>).</summary>
    public static readonly IReadOnlyList<TimeSpan> PoisonCooldowns = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)];

    /// <summary>For <paramref name="mail"/> as its claim read it (or as it was read again after a conflict).</summary>
    public static (IDeliveryEvent? Change, QueueRowChange Row) Decide(ClaimedMail mail, AttemptResult result, RetrySchedule schedule)
    {
        var (delivery, failures) = (mail.Delivery, mail.Failures);
        var finished = new QueueRowChange(mail.Claim, mail.TenantId, mail.DeliveryId, DueAgainAt: null, Failures: failures);
        if (delivery is { IsFinished: true })
        {
            return (null, finished);
        }

        switch (result)
        {
            case AttemptResult.Delivered sent when delivery is not null:
                return (DeliveryDecider.Sent(delivery, sent.Route, sent.At), finished);
            case AttemptResult.Refused refused when delivery is not null:
                var change = DeliveryDecider.Failed(delivery, refused.Route, refused.Error, refused.Permanent, schedule, refused.At);
                return (change, change is MailAttemptFailed retry ? finished with { DueAgainAt = retry.NextAttemptAt, Failures = 0 } : finished);
            case AttemptResult.Unprocessable poison when failures < PoisonCooldowns.Count:
                return (null, finished with { DueAgainAt = poison.At + PoisonCooldowns[failures], Failures = failures + 1 });
            case AttemptResult.Unprocessable poison when delivery is not null:
                return (DeliveryDecider.Poisoned(delivery, poison.Problem, poison.At), finished);
            default:
                return (null, finished);
        }
    }
}
