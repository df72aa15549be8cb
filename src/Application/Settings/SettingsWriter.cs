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
/// Load → decide → append for a tenant's settings stream, in one session and one commit. The commit holds the
/// events, the current document and one snapshot per new version (this writer is the settings projection).
/// With If-Match the stream must be at that version (else 412); without it a lost race is retried.
/// </summary>
/// <remarks>
/// The decision is made on the document this node last saw (<see cref="SettingsCache"/>) when it is at the version
/// the caller expects, so a command is one commit and no read. The append states that version, and PostgreSQL refuses
/// it if the stream has moved on meanwhile; then the document is read and the decision made again (or 412).
/// </remarks>
public sealed class SettingsWriter(IDocumentStore store, SettingsCache cache, IActorContext actor, TimeProvider clock, IOptions<PlatformMailOptions> platform)
{
    private const int AttemptsWithoutIfMatch = 3;

    public Task<SettingsChange> WriteAsync(string tenantId, long? expectedVersion, SettingsCommand command, CancellationToken cancellationToken) =>
        WriteAsync(tenantId, expectedVersion, (current, _, now, _) => ValueTask.FromResult(EmailSettingsDecider.Decide(current, command, now)), cancellationToken);

    public async Task<SettingsChange> WriteAsync(string tenantId, long? expectedVersion, SettingsDecision decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var cached = cache.Get(tenantId);
            var trustCache = cached is not null && (expectedVersion ?? cached.Version) == cached.Version;
            try
            {
                return await TryWriteAsync(tenantId, expectedVersion, trustCache ? cached : null, decide, cancellationToken);
            }
            catch (Exception e) when (IsConcurrencyConflict(e))
            {
                cache.Forget(tenantId);
                if (trustCache && attempt < AttemptsWithoutIfMatch)
                {
                    continue; // the cached document was stale: read, then decide again (the If-Match check included)
                }

                if (expectedVersion is { } version)
                {
                    throw new VersionMismatchException(tenantId, version, e);
                }

                if (attempt >= AttemptsWithoutIfMatch)
                {
                    throw new ConcurrentChangeException(tenantId, e);
                }
            }
        }
    }

    private async Task<SettingsChange> TryWriteAsync(
        string tenantId, long? expectedVersion, EmailSettingsDocument? cached, SettingsDecision decide, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(tenantId);
        session.CorrelationId = actor.CorrelationId;
        session.LastModifiedBy = actor.ActorId;

        var current = cached ?? await session.LoadAsync<EmailSettingsDocument>(tenantId, cancellationToken);
        if (expectedVersion is { } version && (current?.Version ?? 0) != version)
        {
            throw new VersionMismatchException(tenantId, version, inner: null);
        }

        if (cached is null && current is not null)
        {
            cache.Remember(current);
        }

        var events = await decide(current?.Settings, session, clock.GetUtcNow(), cancellationToken);
        if (events.Count == 0 && cached is not null && (await session.LoadAsync<EmailSettingsDocument>(tenantId, cancellationToken))?.Version != cached.Version)
        {
            // "Nothing to change" was decided on this node's copy, and another node has written since: decide again.
            throw new StaleSettingsCacheException();
        }

        if (events.Count == 0)
        {
            return new SettingsChange(ViewOf(current ?? throw new InvalidOperationException("A decision on missing settings must append or fail.")), Created: false);
        }

        // The current document and each version's snapshot are stored with the events, in the same commit: history,
        // time travel and rollback never have to replay the stream.
        var next = current;
        foreach (var @event in events)
        {
            next = EmailSettingsDocument.Next(next, @event, (next?.Version ?? 0) + 1, actor.ActorId)
                ?? throw new InvalidOperationException($"{@event.GetType().Name} cannot start the settings of tenant '{tenantId}'.");
            session.Store(EmailSettingsVersion.After(next, @event, actor.CorrelationId));
        }

        session.Store(next!);
        if (current is null)
        {
            session.Events.StartStream<EmailSettingsDocument>(tenantId, events);
        }
        else
        {
            // The version after the append: PostgreSQL checks that the stream is still at current.Version.
            session.Events.Append(tenantId, next!.Version, events);
        }

        await session.SaveChangesAsync(cancellationToken);
        cache.Remember(next!);
        return new SettingsChange(ViewOf(next!), Created: current is null);
    }

    private EmailSettingsView ViewOf(EmailSettingsDocument document) => EmailSettingsView.From(document, platform.Value);

    private static bool IsConcurrencyConflict(Exception e) =>
        e is ConcurrencyException or ExistingStreamIdCollisionException or DocumentAlreadyExistsException or StaleSettingsCacheException;

    /// <summary>A no-op decision was made on a cached document that is no longer current.</summary>
    private sealed class StaleSettingsCacheException() : Exception("The cached settings document is no longer current.");
}
