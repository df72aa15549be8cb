using System.Data;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Mail.Queue;
using Desktomy.Email.Domain;
using Desktomy.Email.Domain.Mail;
using FluentValidation;
using JasperFx;
using Marten;
using Marten.Exceptions;
using Marten.Services;
using Mediator;
using Npgsql;

namespace Desktomy.Email.Application.Mail;

/// <summary>Send a failed delivery again (a new series of attempts); 409 in any other status.</summary>
public sealed record RetryDeliveryCommand(string TenantId, string DeliveryId) : ICommand<DeliveryView>;

/// <summary>Cancel a delivery that is still to be sent; 409 when it is Sent, Failed or Cancelled.</summary>
public sealed record CancelDeliveryCommand(string TenantId, string DeliveryId) : ICommand<DeliveryView>;

public sealed class RetryDeliveryValidator : AbstractValidator<RetryDeliveryCommand>
{
    public RetryDeliveryValidator() => RuleFor(c => c.DeliveryId).Satisfies(DeliveryIds.Error, "id");
}

public sealed class CancelDeliveryValidator : AbstractValidator<CancelDeliveryCommand>
{
    public CancelDeliveryValidator() => RuleFor(c => c.DeliveryId).Satisfies(DeliveryIds.Error, "id");
}

internal static class DeliveryIds
{
    public static string? Error(string id) => id.Length > GetDeliveryQuery.MaxIdLength || TextRules.HasControlCharacters(id)
        ? $"A mail id has at most {GetDeliveryQuery.MaxIdLength} printable characters."
        : null;
}

/// <summary>
/// Retry appends <see cref="MailRetryRequested"/> and puts the delivery back in the mail queue in the same commit (as
/// QueueMail does); cancel appends <see cref="MailCancelled"/> and takes its row out, so no node sends it again (a send
/// already under way is recorded as such, see <see cref="MailQueueWorker"/>). Both record the actor and store the
/// evolved delivery; a change that meets a concurrent one (the queue recording an attempt) is decided again.
/// </summary>
public sealed class ChangeDeliveryHandler(IDocumentStore store, MailQueueRows queue, MailQueueSignal signal, IActorContext actor, TimeProvider clock)
    : ICommandHandler<RetryDeliveryCommand, DeliveryView>, ICommandHandler<CancelDeliveryCommand, DeliveryView>
{
    private const int Attempts = 3;

    public async ValueTask<DeliveryView> Handle(RetryDeliveryCommand command, CancellationToken cancellationToken) =>
        await ChangeAsync(command.TenantId, command.DeliveryId, DeliveryDecider.Retry, retry: true, cancellationToken);

    public async ValueTask<DeliveryView> Handle(CancelDeliveryCommand command, CancellationToken cancellationToken) =>
        await ChangeAsync(command.TenantId, command.DeliveryId, DeliveryDecider.Cancel, retry: false, cancellationToken);

    private async Task<DeliveryView> ChangeAsync(
        string tenantId, string deliveryId, Func<Delivery, string, DateTimeOffset, IDeliveryEvent> decide, bool retry, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var changed = await TryChangeAsync(tenantId, deliveryId, decide, retry, cancellationToken);
                if (retry)
                {
                    signal.Wake();
                }

                return DeliveryView.Of(changed);
            }
            catch (Exception e) when (attempt < Attempts && IsConcurrencyConflict(e))
            {
                // The queue recorded an attempt meanwhile, or PostgreSQL aborted this commit for another writer's:
                // nothing of it was written, so decide again on the delivery as it is now.
            }
        }
    }

    private async Task<Delivery> TryChangeAsync(
        string tenantId, string deliveryId, Func<Delivery, string, DateTimeOffset, IDeliveryEvent> decide, bool retry, CancellationToken cancellationToken)
    {
        // Repeatable read, so that Marten does not replay a commit PostgreSQL aborted (a deadlock) with the operations
        // computed before: its replay failed with 08P01 on statements Npgsql had auto-prepared. The loop above decides
        // again on fresh state instead; a row changed by a concurrent commit is a serialization failure, also a conflict.
        await using var session = store.LightweightSession(new SessionOptions { TenantId = tenantId, IsolationLevel = IsolationLevel.RepeatableRead });
        session.LastModifiedBy = actor.ActorId;

        // One round trip: the document, and the stream's version (authoritative for a document stored before it was counted).
        var batch = session.CreateBatchQuery();
        var loading = batch.Load<Delivery>(deliveryId);
        var state = batch.Events.FetchStreamState(deliveryId);
        await batch.Execute(cancellationToken);
        var delivery = await loading ?? throw new DeliveryNotFoundException(tenantId, deliveryId);
        if (await state is { } stream)
        {
            delivery = delivery with { Version = stream.Version };
        }

        var now = clock.GetUtcNow();
        var changed = DeliveryWrites.Append(session, delivery, decide(delivery, actor.ActorId, now));
        if (retry)
        {
            queue.Enqueue(session, tenantId, [deliveryId], now);
        }
        else
        {
            queue.Remove(session, tenantId, deliveryId);
        }

        await session.SaveChangesAsync(cancellationToken);
        return changed;
    }

    /// <summary>Marten's expected-version conflict, a serialization failure (as Marten reports it) or a deadlock.</summary>
    private static bool IsConcurrencyConflict(Exception e)
    {
        for (var cause = e; cause is not null; cause = cause.InnerException)
        {
            if (cause is ConcurrencyException or ConcurrentUpdateException or PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure })
            {
                return true;
            }
        }

        return false;
    }
}
