using Desktomy.Email.Application.Mail.Sending;
using JasperFx.CodeGeneration;
using Wolverine;
using Wolverine.ErrorHandling;

namespace Desktomy.Email.Application.Mail;

/// <summary>
/// Wolverine as the durable mail queue: messages are stored with the Marten transaction that enqueued them, handled
/// from a durable local queue, retried on transient SMTP failures and dead-lettered when poisoned.
/// </summary>
public static class Messaging
{
    public static void Configure(WolverineOptions options, MailDeliveryOptions delivery)
    {
        // Handler code is generated at build time (`codegen write`) and committed: nothing is compiled at run time.
        options.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;

        // Only our Wolverine handlers; the Mediator handlers also end in "Handler" and must not be picked up.
        options.Discovery.DisableConventionalDiscovery().IncludeType(typeof(SendMailHandler));

        options.Policies.AutoApplyTransactions();
        options.Policies.UseDurableLocalQueues();
        options.Policies.AllLocalQueues(queue => queue.MaximumParallelMessages(delivery.ParallelSends));

        // Scheduled retries are picked up by a poller; at the default 5 s the first retry could come 10 s late.
        options.Durability.ScheduledJobPollingTime = TimeSpan.FromSeconds(1);

        options.OnException<TransientMailException>()
            .ScheduleRetry([.. delivery.RetrySchedule.Delays]).And(DeliveryFailures.RecordRetryAsync, "record the failed attempt")
            .Then.MoveToErrorQueue().And(DeliveryFailures.RecordExhaustedAsync, "fail the delivery");
        options.Policies.OnAnyException()
            .RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30))
            .Then.MoveToErrorQueue().And(DeliveryFailures.RecordPoisonAsync, "fail the delivery as poison");
    }
}
