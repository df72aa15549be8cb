using Desktomy.Email.Domain.Mail;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.Runtime;

namespace Desktomy.Email.Application.Mail.Sending;

/// <summary>
/// Wolverine error-policy actions. The handler's own transaction is rolled back when it throws, so what happened is
/// recorded here, in a session of its own: a retried attempt, a delivery that ran out of retries, or a poison message
/// that went to the dead letters. A delivery never silently stays "Queued".
/// </summary>
public static class DeliveryFailures
{
    public const string InternalStage = "internal";

    /// <summary>A transient failure that Wolverine will retry: the delivery shows Retrying (or Failed once its own schedule is spent).</summary>
    public static ValueTask RecordRetryAsync(IWolverineRuntime runtime, IEnvelopeLifecycle lifecycle, Exception exception) =>
        exception is TransientMailException transient
            ? RecordAsync(runtime, lifecycle, (delivery, schedule, now) => DeliveryDecider.AttemptFailed(delivery, transient.Route, transient.Error, transient: true, schedule, now))
            : RecordPoisonAsync(runtime, lifecycle, exception);

    /// <summary>Wolverine gave up and dead-lettered the message: the delivery fails, whatever its own count says.</summary>
    public static ValueTask RecordExhaustedAsync(IWolverineRuntime runtime, IEnvelopeLifecycle lifecycle, Exception exception) =>
        exception is TransientMailException transient
            ? RecordAsync(runtime, lifecycle, (delivery, _, now) => new MailFailed(delivery.Id, delivery.Attempts + 1, transient.Route, transient.Error, now))
            : RecordPoisonAsync(runtime, lifecycle, exception);

    public static ValueTask RecordPoisonAsync(IWolverineRuntime runtime, IEnvelopeLifecycle lifecycle, Exception exception) =>
        RecordAsync(runtime, lifecycle, (delivery, _, now) => new MailFailed(
            delivery.Id,
            delivery.Attempts + 1,
            delivery.Route,
            new DeliveryError(InternalStage, null, $"The mail could not be processed ({exception.GetType().Name}); it is kept in the dead-letter storage."),
            now));

    private static async ValueTask RecordAsync(IWolverineRuntime runtime, IEnvelopeLifecycle lifecycle, Func<Delivery, RetrySchedule, DateTimeOffset, IDeliveryEvent> decide)
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

        var schedule = services.GetRequiredService<IOptions<MailDeliveryOptions>>().Value.RetrySchedule;
        stream.AppendOne(decide(delivery, schedule, services.GetRequiredService<TimeProvider>().GetUtcNow()));
        await session.SaveChangesAsync();
    }
}
