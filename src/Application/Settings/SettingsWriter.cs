using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Settings;
using JasperFx;
using Marten;
using Marten.Exceptions;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Application.Settings;

public delegate ValueTask<IReadOnlyList<object>> SettingsDecision(
    EmailSettings? current, IDocumentSession session, DateTimeOffset now, CancellationToken cancellationToken);

/// <summary>
/// Load → decide → append for a tenant's settings stream, in one session and one commit.
/// With If-Match the stream must be at that version (else 412); without it a lost race is retried.
/// </summary>
public sealed class SettingsWriter(IDocumentStore store, IActorContext actor, TimeProvider clock, IOptions<PlatformMailOptions> platform)
{
    private const int AttemptsWithoutIfMatch = 3;

    public Task<SettingsChange> WriteAsync(string tenantId, long? expectedVersion, SettingsCommand command, CancellationToken cancellationToken) =>
        WriteAsync(tenantId, expectedVersion, (current, _, now, _) => ValueTask.FromResult(EmailSettingsDecider.Decide(current, command, now)), cancellationToken);

    public async Task<SettingsChange> WriteAsync(string tenantId, long? expectedVersion, SettingsDecision decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryWriteAsync(tenantId, expectedVersion, decide, cancellationToken);
            }
            catch (Exception e) when (IsConcurrencyConflict(e))
            {
                if (expectedVersion is { } version)
                {
                    throw new VersionMismatchException(tenantId, version, e);
                }

                if (attempt == AttemptsWithoutIfMatch)
                {
                    throw new ConcurrentChangeException(tenantId, e);
                }
            }
        }
    }

    private async Task<SettingsChange> TryWriteAsync(string tenantId, long? expectedVersion, SettingsDecision decide, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(tenantId);
        session.CorrelationId = actor.CorrelationId;
        session.LastModifiedBy = actor.ActorId;

        var stream = expectedVersion is { } version
            ? await session.Events.FetchForWriting<EmailSettingsDocument>(tenantId, version, cancellationToken)
            : await session.Events.FetchForWriting<EmailSettingsDocument>(tenantId, cancellationToken);
        var current = stream.Aggregate;

        var events = await decide(current?.Settings, session, clock.GetUtcNow(), cancellationToken);
        if (events.Count == 0)
        {
            return new SettingsChange(ViewOf(current ?? throw new InvalidOperationException("A decision on missing settings must append or fail.")), Created: false);
        }

        // Each version's snapshot is stored with its event, in the same commit: the writer already holds the
        // previous state, so history, time travel and rollback never have to replay the stream.
        var next = current;
        foreach (var @event in events)
        {
            next = EmailSettingsDocument.Next(next, @event, (next?.Version ?? 0) + 1, actor.ActorId)
                ?? throw new InvalidOperationException($"{@event.GetType().Name} cannot start the settings of tenant '{tenantId}'.");
            session.Store(EmailSettingsVersion.After(next, @event, actor.CorrelationId));
        }

        stream.AppendMany(events);
        await session.SaveChangesAsync(cancellationToken);
        return new SettingsChange(ViewOf(next!), Created: current is null);
    }

    private EmailSettingsView ViewOf(EmailSettingsDocument document) => EmailSettingsView.From(document, platform.Value);

    private static bool IsConcurrencyConflict(Exception e) =>
        e is ConcurrencyException or ExistingStreamIdCollisionException or DocumentAlreadyExistsException;
}
