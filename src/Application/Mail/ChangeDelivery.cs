using Desktomy.Email.Application.Common;
using Desktomy.Email.Domain;
using Desktomy.Email.Domain.Mail;
using FluentValidation;
using Marten;
using Mediator;
using Wolverine.Marten;

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
/// Retry appends <see cref="MailRetryRequested"/> and publishes the next <see cref="SendMail"/> through the outbox in
/// the same commit (as QueueMail does); cancel appends <see cref="MailCancelled"/>, after which SendMail skips the
/// delivery, a retry already scheduled included. Both record the actor.
/// </summary>
public sealed class ChangeDeliveryHandler(IDocumentStore store, IMartenOutbox outbox, IActorContext actor, TimeProvider clock)
    : ICommandHandler<RetryDeliveryCommand, DeliveryView>, ICommandHandler<CancelDeliveryCommand, DeliveryView>
{
    public async ValueTask<DeliveryView> Handle(RetryDeliveryCommand command, CancellationToken cancellationToken) =>
        await ChangeAsync(command.TenantId, command.DeliveryId, DeliveryDecider.Retry, publish: true, cancellationToken);

    public async ValueTask<DeliveryView> Handle(CancelDeliveryCommand command, CancellationToken cancellationToken) =>
        await ChangeAsync(command.TenantId, command.DeliveryId, DeliveryDecider.Cancel, publish: false, cancellationToken);

    private async Task<DeliveryView> ChangeAsync(
        string tenantId, string deliveryId, Func<Delivery, string, DateTimeOffset, IDeliveryEvent> decide, bool publish, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(tenantId);
        var stream = await session.Events.FetchForWriting<Delivery>(deliveryId, cancellationToken);
        var delivery = stream.Aggregate ?? throw new DeliveryNotFoundException(tenantId, deliveryId);
        var change = decide(delivery, actor.ActorId, clock.GetUtcNow());
        stream.AppendOne(change);
        if (publish)
        {
            outbox.Enroll(session);
            await outbox.PublishAsync(new SendMail(tenantId, deliveryId), new Wolverine.DeliveryOptions { TenantId = tenantId });
        }

        await session.SaveChangesAsync(cancellationToken);
        return DeliveryView.Of(Delivery.Evolve(delivery, change)!);
    }
}
