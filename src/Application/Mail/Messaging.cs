using Desktomy.Email.Domain.Mail;
using JasperFx.CodeGeneration;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Runtime;

namespace Desktomy.Email.Application.Mail;

/// <summary>
/// Wolverine as the durable mail queue: messages are stored with the Marten transaction that enqueued them and handled
/// from a durable local queue. SMTP failures and their retries are the handler's business (<see cref="SendMailHandler"/>);
/// the error policy here is only for poison: a message that cannot be processed at all.
/// </summary>
public static class Messaging
{
    public static void Configure(WolverineOptions options, MailDeliveryOptions delivery)
    {
        // Handler code is generated at build time (`codegen write`) and committed: nothing is compiled at run time.
        options.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;

        // Only our Wolverine handlers; the Mediator handlers also end in "Handler" and must not be picked up.
        options.Discovery.DisableConventionalDiscovery().IncludeType<SendMailHandler>();

        options.Policies.AutoApplyTransactions();
        options.Policies.UseDurableLocalQueues();
        options.Policies.AllLocalQueues(queue => queue.MaximumParallelMessages(delivery.ParallelSends));

        // Scheduled attempts are picked up by a poller; at the default 5 s the first retry could come 10 s late.
        options.Durability.ScheduledJobPollingTime = TimeSpan.FromSeconds(1);

        options.Policies.OnAnyException()
            .RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30))
            .Then.MoveToErrorQueue().And(RecordPoisonAsync, "fail the delivery as poison");
    }

    /// <summary>
    /// The handler's transaction was rolled back when it threw, so the failure is recorded in a session of its own:
    /// a delivery whose message went to the dead letters never silently stays "Queued".
    /// </summary>
    private static async ValueTask RecordPoisonAsync(IWolverineRuntime runtime, IEnvelopeLifecycle lifecycle, Exception exception)
    {
        if (lifecycle.Envelope?.Message is not SendMail message)
        {
            return;
        }

        var services = runtime.Services;
        await using var session = services.GetRequiredService<IDocumentStore>().LightweightSession(message.TenantId);
        var stream = await session.Events.FetchForWriting<Delivery>(message.DeliveryId);
        if (stream.Aggregate is not { IsFinished: false } delivery)
        {
            return;
        }

        stream.AppendOne(DeliveryDecider.Poisoned(delivery, exception.GetType().Name, services.GetRequiredService<TimeProvider>().GetUtcNow()));
        await session.SaveChangesAsync();
    }
}
