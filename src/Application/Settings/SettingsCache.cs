using System.Collections.Concurrent;

namespace Desktomy.Email.Application.Settings;

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

    public EmailSettingsDocument? Get(string tenantId) => _latest.GetValueOrDefault(tenantId);

    /// <summary>Keeps the newer of what is cached and <paramref name="document"/> (commits can finish out of order).</summary>
    public void Remember(EmailSettingsDocument document)
    {
        // Count takes every lock of the dictionary: only a tenant new to this node pays for it.
        if (!_latest.ContainsKey(document.Id) && _latest.Count >= MaxTenants)
        {
            _latest.Clear();
        }

        _latest.AddOrUpdate(document.Id, document, (_, cached) => cached.Version >= document.Version ? cached : document);
    }

    public void Forget(string tenantId) => _latest.TryRemove(tenantId, out _);
}
