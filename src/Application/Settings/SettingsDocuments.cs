using System.Globalization;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Domain.Settings;
using Marten;

namespace Desktomy.Email.Application.Settings;

/// <summary>
/// The current settings of one tenant (id = tenant id), stored by <see cref="SettingsWriter"/> in the same commit as
/// the events that made them.
/// </summary>
public sealed record EmailSettingsDocument(string Id, long Version, EmailSettings Settings, DateTimeOffset UpdatedAt, string? UpdatedBy)
{
    /// <summary>The document after <paramref name="event"/> made <paramref name="settings"/> (by <see cref="EmailSettings.Evolve"/>) version <paramref name="version"/>.</summary>
    public static EmailSettingsDocument Of(EmailSettings settings, long version, object @event, string? actor) =>
        new(settings.TenantId, version, settings, ((ISettingsEvent)@event).OccurredAt, actor);
}

/// <summary>
/// The settings right after one event, with who, when and why: what history, time travel, diff and rollback read.
/// Every <see cref="StoredEvery"/>th version is stored with its events (id = version, per tenant: conjoined
/// tenancy); <see cref="ReadAsync"/> folds the others from the stored one below them, so a read replays at most
/// <see cref="StoredEvery"/> − 1 events before the versions it wants
/// (docs/decisions/0016-every-sixteenth-settings-version-stored.md).
/// </summary>
public sealed record EmailSettingsVersion(
    string Id,
    long Version,
    string Event,
    DateTimeOffset OccurredAt,
    string? Actor,
    string? CorrelationId,
    string? Reason,
    EmailSettings Settings)
{
    /// <summary>One version in this many is stored; a database written before 2026-12 has every version stored.</summary>
    public const long StoredEvery = 16;

    public static string IdOf(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether <see cref="SettingsWriter"/> stores <paramref name="version"/> with its events.</summary>
    public static bool IsStored(long version) => version > 0 && version % StoredEvery == 0;

    public static EmailSettingsVersion Of(EmailSettingsDocument document, object @event, string? correlationId) => new(
        IdOf(document.Version),
        document.Version,
        @event.GetType().Name,
        document.UpdatedAt,
        document.UpdatedBy,
        correlationId,
        @event switch
        {
            SettingsRolledBack e => e.Reason,
            SmtpPasswordErased e => e.Reason,
            SettingsImported e => e.Reason,
            _ => null,
        },
        document.Settings);

    /// <summary>Version <paramref name="version"/>; null for version 0, "before the settings existed".</summary>
    /// <exception cref="SettingsNotFoundException">The tenant has no settings at all.</exception>
    /// <exception cref="RequestValidationException">The version is beyond the current one; <paramref name="field"/> names the parameter.</exception>
    public static async Task<EmailSettingsVersion?> LoadAsync(IQuerySession session, string tenantId, long version, string field, CancellationToken cancellationToken)
    {
        var found = version == 0 ? null : (await ReadAsync(session, tenantId, version, version, cancellationToken)).SingleOrDefault();
        if (found is not null)
        {
            return found;
        }

        var current = await session.LoadAsync<EmailSettingsDocument>(tenantId, cancellationToken) ?? throw new SettingsNotFoundException(tenantId);
        return version == 0
            ? null
            : throw RequestValidationException.For(field, $"Version {version} is beyond the current version {current.Version}.");
    }

    /// <summary>
    /// The versions <paramref name="first"/>..<paramref name="last"/> that exist, oldest first (none beyond the current
    /// one). Primary-key lookups of the range and of the stored version below it, then, if any version is not stored,
    /// the events from the stored version below the first such one up to <paramref name="last"/>, folded with
    /// <see cref="EmailSettings.Evolve"/> as <see cref="SettingsWriter"/> folded them. A stored version is taken as
    /// stored. Neither read depends on how long the tenant's history is.
    /// </summary>
    public static async Task<IReadOnlyList<EmailSettingsVersion>> ReadAsync(IQuerySession session, string tenantId, long first, long last, CancellationToken cancellationToken)
    {
        first = Math.Max(first, 1); // version 0 is "before the settings existed", never stored
        if (last < first)
        {
            return [];
        }

        var below = (first - 1) / StoredEvery * StoredEvery; // the stored version before the range; 0: there is none
        var start = below > 0 ? below : first;
        var ids = new string[last - start + 1];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = IdOf(start + i);
        }

        var versions = (await session.LoadManyAsync<EmailSettingsVersion>(cancellationToken, ids)).ToDictionary(v => v.Version);
        var gap = start;
        while (gap <= last && versions.ContainsKey(gap))
        {
            gap++;
        }

        if (gap <= last)
        {
            // Fold from the stored version right before the first one not stored (from the start when there is none).
            var from = versions.GetValueOrDefault(gap - 1);
            var state = from?.AsDocument();
            foreach (var e in await session.Events.FetchStreamAsync(tenantId, version: last, fromVersion: (from?.Version ?? 0) + 1, token: cancellationToken))
            {
                if (versions.TryGetValue(e.Version, out var stored))
                {
                    state = stored.AsDocument();
                    continue;
                }

                var settings = EmailSettings.Evolve(state?.Settings, e.Data)
                    ?? throw new InvalidOperationException($"Event {e.Version} of tenant '{tenantId}' ({e.EventTypeName}) does not make settings.");
                state = EmailSettingsDocument.Of(settings, e.Version, e.Data, e.UserName);
                versions[e.Version] = Of(state, e.Data, e.CorrelationId);
            }
        }

        return [.. versions.Values.Where(v => v.Version >= first && v.Version <= last).OrderBy(v => v.Version)];
    }

    public EmailSettingsDocument AsDocument() => new(Settings.TenantId, Version, Settings, OccurredAt, Actor);
}
