using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Mail.Queue;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Mail;
using Desktomy.Email.Domain.Settings;
using FluentValidation;
using Marten;
using Mediator;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Application.Mail;

/// <summary>
/// Accept up to <see cref="MaxMessages"/> mails to the tenant's clients at once. Each message is a
/// <see cref="QueueMailCommand"/> of kind <see cref="DeliveryKind.Email"/> without a key of its own (null where the
/// request held JSON null); the key belongs to the whole batch.
/// </summary>
public sealed record QueueMailBatchCommand(string TenantId, IReadOnlyList<QueueMailCommand?>? Messages, string? IdempotencyKey) : ICommand<QueuedBatch>
{
    public const int MaxMessages = 500;
}

/// <summary>One item per message, in request order: the accepted mail, or the field errors that refused it.</summary>
public sealed record QueuedBatch(IReadOnlyList<QueuedBatchItem> Items);

public sealed record QueuedBatchItem(QueuedMail? Queued, IReadOnlyDictionary<string, string[]>? Errors);

public sealed class QueueMailBatchValidator : AbstractValidator<QueueMailBatchCommand>
{
    public QueueMailBatchValidator()
    {
        RuleFor(c => c.Messages)
            .Must(messages => messages is { Count: > 0 and <= QueueMailBatchCommand.MaxMessages })
            .WithMessage($"A batch has 1 to {QueueMailBatchCommand.MaxMessages} messages.");
        RuleFor(c => c.IdempotencyKey).Satisfies(QueueMailValidator.IdempotencyKeyError, "Idempotency-Key");
    }
}

/// <summary>
/// Checks each message with the rules of a single mail (<see cref="QueueMailValidator"/>); a refused one does not stop
/// the others. The accepted ones are recorded as <see cref="QueueMailHandler"/> records one, and written together in
/// ONE autocommitted statement with their queue rows and the batch's idempotency record (<see cref="MailQueueRows.AcceptAsync"/>):
/// the batch is accepted as answered, or not at all. The tenant's mail allowance is taken for the accepted mails.
/// </summary>
public sealed class QueueMailBatchHandler(
    IDocumentStore store,
    SettingsCache settings,
    MailQueueRows queue,
    MailQueueSignal signal,
    IValidator<QueueMailCommand> validator,
    TenantAllowance allowance,
    TimeProvider clock,
    IOptions<PlatformMailOptions> platform)
    : ICommandHandler<QueueMailBatchCommand, QueuedBatch>
{
    private static readonly IReadOnlyDictionary<string, string[]> NotAnObject = new Dictionary<string, string[]> { ["$"] = ["The message must be a JSON object."] };

    private readonly string _mailDomain = platform.Value.Sender().MailDomain;

    public async ValueTask<QueuedBatch> Handle(QueueMailBatchCommand command, CancellationToken cancellationToken)
    {
        var messages = command.Messages!;
        await MailSettings.RequireAsync(store, settings, command.TenantId, cancellationToken);

        var errors = new IReadOnlyDictionary<string, string[]>?[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            errors[i] = messages[i] is { } message ? FieldErrors.Of((await validator.ValidateAsync(message, cancellationToken)).Errors) : NotAnObject;
        }

        var hash = command.IdempotencyKey is null ? string.Empty : QueueMailHandler.HashOf(command with { IdempotencyKey = null }); // only a keyed request is hashed
        if (command.IdempotencyKey is { } key && await queue.FindIdempotencyAsync(command.TenantId, key, cancellationToken) is { } first)
        {
            return Replay(first, hash, key, errors);
        }

        var accepted = errors.Count(e => e is null);
        if (accepted == 0)
        {
            return Answer(new string?[messages.Count], errors);
        }

        allowance.Take(Allowance.Mails, command.TenantId, accepted);
        var now = clock.GetUtcNow();
        var ids = new string?[messages.Count];
        var mails = new List<(MailQueued, MailContent)>(accepted);
        for (var i = 0; i < messages.Count; i++)
        {
            if (errors[i] is null)
            {
                var mail = QueueMailHandler.Record(messages[i]! with { TenantId = command.TenantId, Kind = DeliveryKind.Email }, _mailDomain, now);
                ids[i] = mail.Queued.DeliveryId;
                mails.Add(mail);
            }
        }

        var record = command.IdempotencyKey is null ? null : new IdempotencyRecord(command.IdempotencyKey, hash, ids.First(id => id is not null)!, now, ids);
        if (!await queue.AcceptAsync(command.TenantId, mails, now, record, cancellationToken))
        {
            // Another request with the same key committed first: answer as it did.
            return Replay((await queue.FindIdempotencyAsync(command.TenantId, record!.Id, cancellationToken))!, hash, record.Id, errors);
        }

        signal.Wake();
        return Answer(ids, errors);
    }

    /// <summary>The same batch again: the same deliveries, and (the rules being the same) the same refusals.</summary>
    private static QueuedBatch Replay(IdempotencyRecord first, string hash, string key, IReadOnlyDictionary<string, string[]>?[] errors) =>
        first.RequestHash == hash && first.BatchDeliveryIds is { } ids ? Answer([.. ids], errors) : throw new IdempotencyConflictException(key);

    private static QueuedBatch Answer(string?[] ids, IReadOnlyDictionary<string, string[]>?[] errors) =>
        new([.. ids.Select((id, i) => id is null ? new QueuedBatchItem(null, errors[i]) : new QueuedBatchItem(new QueuedMail(id, DeliveryStatus.Queued), null))]);
}
