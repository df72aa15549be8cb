using System.Collections.Concurrent;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Domain.Settings;
using JasperFx;
using Marten;
using Marten.Exceptions;

namespace Desktomy.Email.Application.Settings;

/// <summary>The document a command left, and whether the command created the settings.</summary>
public sealed record SettingsWritten(EmailSettingsDocument Document, bool Created);

/// <summary>
/// What a command does besides appending its events: <paramref name="BeforeAppend"/> checks the decided events (SMTP
/// verification) before anything is written; <paramref name="ErasesDataKey"/> destroys the tenant's data key in the
/// same commit (crypto-shredding).
/// </summary>
public sealed record SettingsEffect(
    Func<IReadOnlyList<object>, CancellationToken, ValueTask>? BeforeAppend = null,
    bool ErasesDataKey = false);

/// <summary>
/// Load → decide → append for a tenant's settings stream, in one commit: the events, the current document and every
/// 16th version (<see cref="EmailSettingsVersion.IsStored"/>). With If-Match the stream must be at that version (else
/// 412); without it a lost race is decided again on the fresh state.
/// </summary>
/// <remarks>
/// The decision is made on the document this node last saw (<see cref="SettingsCache"/>) when it is at the version
/// the caller expects, so a command is one commit and no read. The append states that version, and PostgreSQL refuses
/// it if the stream has moved on meanwhile; then the document is read and the decision made again (or 412). The
/// commit is one statement of our own (<see cref="SettingsStatements"/>) that writes Marten's rows; everything reads
/// them through Marten.
/// </remarks>
public sealed class SettingsWriter(IDocumentStore store, SettingsCache cache, IActorContext actor, TimeProvider clock)
{
    private const int AttemptsWithoutIfMatch = 3;

    private readonly SettingsStatements _statements = SettingsStatements.For(store);

    /// <summary>For the commands that need settings to exist: 409 when the tenant has none.</summary>
    public Task<SettingsWritten> ChangeAsync(
        string tenantId, long? expectedVersion, Func<EmailSettings, DateTimeOffset, IReadOnlyList<object>> decide, CancellationToken cancellationToken, SettingsEffect? effect = null) =>
        WriteAsync(tenantId, expectedVersion, (current, now) => decide(current ?? throw new SettingsNotConfiguredException(tenantId), now), cancellationToken, effect);

    public async Task<SettingsWritten> WriteAsync(
        string tenantId, long? expectedVersion, Func<EmailSettings?, DateTimeOffset, IReadOnlyList<object>> decide, CancellationToken cancellationToken, SettingsEffect? effect = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var cached = cache.Get(tenantId);
            var trustCache = cached is not null && (expectedVersion ?? cached.Version) == cached.Version;
            try
            {
                return await TryWriteAsync(tenantId, expectedVersion, trustCache ? cached : null, decide, effect, cancellationToken);
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

    private async Task<SettingsWritten> TryWriteAsync(
        string tenantId, long? expectedVersion, EmailSettingsDocument? cached, Func<EmailSettings?, DateTimeOffset, IReadOnlyList<object>> decide, SettingsEffect? effect, CancellationToken cancellationToken)
    {
        var current = cached ?? await LoadAsync(tenantId, cancellationToken);
        if (expectedVersion is { } version && (current?.Version ?? 0) != version)
        {
            throw new VersionMismatchException(tenantId, version, inner: null);
        }

        if (cached is null && current is not null)
        {
            cache.Remember(current);
        }

        IReadOnlyList<object> events;
        try
        {
            events = decide(current?.Settings, clock.GetUtcNow());
        }
        catch (Exception) when (cached is not null)
        {
            // A refusal decided on this node's copy stands only if the copy is current; otherwise decide on the stored one.
            if ((await LoadAsync(tenantId, cancellationToken))?.Version != cached.Version)
            {
                throw new StaleSettingsCacheException();
            }

            throw;
        }

        if (events.Count == 0)
        {
            if (cached is not null && (await LoadAsync(tenantId, cancellationToken))?.Version != cached.Version)
            {
                // "Nothing to change" was decided on this node's copy, and another node has written since: decide again.
                throw new StaleSettingsCacheException();
            }

            return new SettingsWritten(current ?? throw new InvalidOperationException("A decision on missing settings must append or fail."), Created: false);
        }

        if (effect?.BeforeAppend is { } check)
        {
            await check(events, cancellationToken);
        }

        // The current document and every 16th version are stored with the events, in the same commit: history, time
        // travel and rollback fold at most 15 events onto a stored version (EmailSettingsVersion.ReadAsync).
        var next = current;
        var snapshots = new List<EmailSettingsVersion>();
        for (var i = 0; i < events.Count; i++)
        {
            var settings = EmailSettings.Evolve(next?.Settings, events[i])
                ?? throw new InvalidOperationException($"{events[i].GetType().Name} cannot start the settings of tenant '{tenantId}'.");
            next = EmailSettingsDocument.Of(settings, (next?.Version ?? 0) + 1, events[i], actor.ActorId);
            if (EmailSettingsVersion.IsStored(next.Version))
            {
                snapshots.Add(EmailSettingsVersion.Of(next, events[i], actor.CorrelationId));
            }
        }

        // PostgreSQL checks that the stream is still at current.Version (or, without current, that it does not exist).
        await _statements.WriteAsync(
            new SettingsCommit(tenantId, current?.Version ?? 0, events, next!, snapshots, actor.CorrelationId, actor.ActorId, effect?.ErasesDataKey ?? false),
            cancellationToken);
        cache.Remember(next!);
        return new SettingsWritten(next!, Created: current is null);
    }

    private Task<EmailSettingsDocument?> LoadAsync(string tenantId, CancellationToken cancellationToken) =>
        _statements.LoadAsync(tenantId, cancellationToken);

    private static bool IsConcurrencyConflict(Exception e) =>
        e is ConcurrencyException or ExistingStreamIdCollisionException or StaleSettingsCacheException;

    /// <summary>A no-op decision was made on a cached document that is no longer current.</summary>
    private sealed class StaleSettingsCacheException() : Exception("The cached settings document is no longer current.");
}

/// <summary>
/// The settings document this node last read or committed, per tenant: lets <see cref="SettingsWriter"/> decide
/// without reading first. It is a guess, never trusted: every append states the version the decision was made on,
/// and PostgreSQL refuses it when the stream has moved on (another node wrote), after which the writer reads and
/// decides again. An entry is an immutable record, so concurrent commands can share it.
/// </summary>
public sealed class SettingsCache
{
    /// <summary>Beyond this many tenants the cache starts over: a miss costs one read, a lost entry nothing else.</summary>
    public const int MaxTenants = 50_000;

    private readonly ConcurrentDictionary<string, EmailSettingsDocument> _latest = new(StringComparer.Ordinal);
    private readonly bool _keeps;

    public SettingsCache()
        : this(keeps: true)
    {
    }

    private SettingsCache(bool keeps) => _keeps = keeps;

    /// <summary>
    /// A cache that keeps nothing, for a writer of many tenants no command is about to touch (the import of thousands):
    /// their documents do not stay in memory, and each write reads its tenant's document first, as a tenant new to
    /// this node costs anyway.
    /// </summary>
    public static SettingsCache None() => new(keeps: false);

    public EmailSettingsDocument? Get(string tenantId) => _latest.GetValueOrDefault(tenantId);

    /// <summary>Keeps the newer of what is cached and <paramref name="document"/> (commits can finish out of order).</summary>
    public void Remember(EmailSettingsDocument document)
    {
        if (!_keeps)
        {
            return;
        }

        // Count takes every lock of the dictionary: only a tenant new to this node pays for it.
        if (!_latest.ContainsKey(document.Id) && _latest.Count >= MaxTenants)
        {
            _latest.Clear();
        }

        _latest.AddOrUpdate(document.Id, document, (_, cached) => cached.Version >= document.Version ? cached : document);
    }

    public void Forget(string tenantId) => _latest.TryRemove(tenantId, out _);
}
