using System.Security.Cryptography;
using System.Text.Json;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Mail.Queue;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain;
using Desktomy.Email.Domain.Addresses;
using Desktomy.Email.Domain.Mail;
using Desktomy.Email.Domain.Settings;
using FluentValidation;
using Marten;
using Mediator;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Application.Mail;

/// <summary>Accept a mail to the tenant's clients (<see cref="DeliveryKind.Email"/>) or a notification to its primary e-mail.</summary>
public sealed record QueueMailCommand(
    string TenantId,
    DeliveryKind Kind,
    IReadOnlyList<string>? To,
    IReadOnlyList<string>? Cc,
    IReadOnlyList<string>? Bcc,
    string? Subject,
    string? TextBody,
    string? HtmlBody,
    string? IdempotencyKey) : ICommand<QueuedMail>
{
    public const int MaxIdempotencyKeyLength = 200;
}

/// <summary>The answer to an accepted mail: 202 with its id and status.</summary>
public sealed record QueuedMail(string Id, DeliveryStatus Status);

public sealed class QueueMailValidator : AbstractValidator<QueueMailCommand>
{
    public QueueMailValidator()
    {
        When(c => c.Kind == DeliveryKind.Email, () =>
        {
            RuleFor(c => c.To).Must(to => to is { Count: > 0 }).WithMessage("At least one recipient is required in to.");
            RuleForEach(c => c.To).Satisfies(AddressError);
            RuleForEach(c => c.Cc).Satisfies(AddressError);
            RuleForEach(c => c.Bcc).Satisfies(AddressError);
            RuleFor(c => RecipientCount(c)).Satisfies(MailRules.RecipientCountError, "to");
        });
        RuleFor(c => c.Subject).Satisfies(MailRules.SubjectError);
        RuleFor(c => c.TextBody).Satisfies(MailRules.BodyTextError);
        RuleFor(c => c.HtmlBody).Satisfies(MailRules.BodyTextError);
        RuleFor(c => c).Satisfies(c => MailRules.BodyError(c.TextBody, c.HtmlBody) ?? MailRules.SizeError(c.Subject, c.TextBody, c.HtmlBody), "textBody");
        RuleFor(c => c.IdempotencyKey).Satisfies(IdempotencyKeyError, "Idempotency-Key");
    }

    public static string? IdempotencyKeyError(string? key) =>
        key is null || (key.Length is > 0 and <= QueueMailCommand.MaxIdempotencyKeyLength && !TextRules.HasControlCharacters(key))
            ? null
            : $"The Idempotency-Key must have 1 to {QueueMailCommand.MaxIdempotencyKeyLength} printable characters.";

    private static int RecipientCount(QueueMailCommand c) => (c.To?.Count ?? 0) + (c.Cc?.Count ?? 0) + (c.Bcc?.Count ?? 0);

    private static string? AddressError(string? value) => EmailAddress.TryCreate(value, out _, out var error) ? null : error;
}

/// <summary>
/// Records the delivery (its first event, its document and its bodies), its mail queue row and the idempotency record,
/// all in ONE autocommitted statement (<see cref="MailQueueRows.AcceptAsync"/>): a mail is either accepted and will be
/// sent, or not accepted at all. After the commit this node's queue worker is woken.
/// </summary>
public sealed class QueueMailHandler(
    IDocumentStore store, SettingsCache settings, MailQueueRows queue, MailQueueSignal signal, TenantAllowance allowance, TimeProvider clock, IOptions<PlatformMailOptions> platform)
    : ICommandHandler<QueueMailCommand, QueuedMail>
{
    private readonly string _mailDomain = platform.Value.Sender().MailDomain;

    public async ValueTask<QueuedMail> Handle(QueueMailCommand command, CancellationToken cancellationToken)
    {
        await MailSettings.RequireAsync(store, settings, command.TenantId, cancellationToken);

        // Only a request with an Idempotency-Key is hashed (the bodies can be 10 MB).
        var hash = command.IdempotencyKey is null ? string.Empty : RequestHash(command);
        if (command.IdempotencyKey is { } key && await queue.FindIdempotencyAsync(command.TenantId, key, cancellationToken) is { } first)
        {
            return Replay(first, hash, key);
        }

        allowance.Take(Allowance.Mails, command.TenantId);

        var now = clock.GetUtcNow();
        var mail = Record(command, _mailDomain, now);
        var id = mail.Queued.DeliveryId;
        var record = command.IdempotencyKey is null ? null : new IdempotencyRecord(command.IdempotencyKey, hash, id, now);
        if (!await queue.AcceptAsync(command.TenantId, [mail], now, record, cancellationToken))
        {
            // Another request with the same key committed first: answer as it did.
            return Replay((await queue.FindIdempotencyAsync(command.TenantId, record!.Id, cancellationToken))!, hash, record.Id);
        }

        signal.Wake();
        return new QueuedMail(id, DeliveryStatus.Queued);
    }

    /// <summary>
    /// One valid mail as it is accepted: its first event (with the Message-Id every attempt will send) and its bodies;
    /// <see cref="MailQueueRows.AcceptAsync"/> writes them with the delivery's document and queue row.
    /// </summary>
    internal static (MailQueued Queued, MailContent Content) Record(QueueMailCommand command, string mailDomain, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7().ToString();
        var queued = new MailQueued(
            id, command.TenantId, command.Kind, command.To ?? [], command.Cc ?? [], command.Bcc ?? [], command.Subject!, $"<{id}@{mailDomain}>", now);
        return (queued, new MailContent(id, command.TextBody, command.HtmlBody));
    }

    internal static string HashOf<T>(T command) => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(command)));

    private static QueuedMail Replay(IdempotencyRecord first, string hash, string key) =>
        first.RequestHash == hash ? new QueuedMail(first.DeliveryId, DeliveryStatus.Queued) : throw new IdempotencyConflictException(key);

    private static string RequestHash(QueueMailCommand command) => HashOf(command with { IdempotencyKey = null });
}

/// <summary>
/// The first request made with an Idempotency-Key (id = key, per tenant) and the delivery it created; for a batch, its
/// first accepted delivery, and in <paramref name="BatchDeliveryIds"/> each message's delivery (null where refused).
/// </summary>
public sealed record IdempotencyRecord(string Id, string RequestHash, string DeliveryId, DateTimeOffset CreatedAt, IReadOnlyList<string?>? BatchDeliveryIds = null);

public sealed class IdempotencyConflictException(string key)
    : Exception($"The Idempotency-Key '{key}' was already used for a different request: use a new key for a new mail.");
