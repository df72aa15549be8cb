using System.Security.Cryptography;
using System.Text.Json;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Mail;
using Desktomy.Email.Domain.Settings;
using JasperFx;
using Marten;
using Mediator;
using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.Marten;

namespace Desktomy.Email.Application.Mail.QueueMail;

/// <summary>
/// Records the delivery (its first event and its bodies) and enqueues <see cref="SendMail"/> through the Marten outbox,
/// all in ONE commit: a mail is either accepted and will be sent, or not accepted at all.
/// </summary>
public sealed class QueueMailHandler(IDocumentStore store, IMartenOutbox outbox, TimeProvider clock, IOptions<PlatformMailOptions> platform)
    : ICommandHandler<QueueMailCommand, QueuedMail>
{
    public async ValueTask<QueuedMail> Handle(QueueMailCommand command, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(command.TenantId);
        if (await session.LoadAsync<EmailSettingsDocument>(command.TenantId, cancellationToken) is null)
        {
            throw new SettingsNotConfiguredException(command.TenantId);
        }

        var hash = RequestHash(command);
        if (command.IdempotencyKey is { } key && await session.LoadAsync<IdempotencyRecord>(key, cancellationToken) is { } first)
        {
            return Replay(first, hash, key);
        }

        var id = Guid.CreateVersion7().ToString();
        var now = clock.GetUtcNow();
        session.Events.StartStream<Delivery>(id, new MailQueued(
            id, command.TenantId, command.Kind, command.To ?? [], command.Cc ?? [], command.Bcc ?? [], command.Subject!, MessageIdFor(id), now));
        session.Store(new MailContent(id, command.TextBody, command.HtmlBody));
        if (command.IdempotencyKey is not null)
        {
            session.Insert(new IdempotencyRecord(command.IdempotencyKey, hash, id, now));
        }

        outbox.Enroll(session);
        await outbox.PublishAsync(new SendMail(command.TenantId, id), new DeliveryOptions { TenantId = command.TenantId });
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentAlreadyExistsException) when (command.IdempotencyKey is { } raced)
        {
            // Another request with the same key committed first: answer as it did.
            await using var reader = store.QuerySession(command.TenantId);
            return Replay((await reader.LoadAsync<IdempotencyRecord>(raced, cancellationToken))!, hash, raced);
        }

        return new QueuedMail(id, DeliveryStatus.Queued);
    }

    private static QueuedMail Replay(IdempotencyRecord first, string hash, string key) =>
        first.RequestHash == hash ? new QueuedMail(first.DeliveryId, DeliveryStatus.Queued) : throw new IdempotencyConflictException(key);

    private string MessageIdFor(string id) => $"<{id}@{platform.Value.FromAddress[(platform.Value.FromAddress.LastIndexOf('@') + 1)..]}>";

    private static string RequestHash(QueueMailCommand command) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(command with { IdempotencyKey = null })));
}
