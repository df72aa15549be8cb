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
/// A snapshot of the settings right after one event, with who, when and why: what history, time travel, diff and
/// rollback read, so none of them replays the stream. Id = version, per tenant (conjoined tenancy).
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
    public static string IdOf(long version) => version.ToString(CultureInfo.InvariantCulture);

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

    /// <summary>The snapshot of <paramref name="version"/>; null for version 0, "before the settings existed".</summary>
    /// <exception cref="SettingsNotFoundException">The tenant has no settings at all.</exception>
    /// <exception cref="RequestValidationException">The version is beyond the current one; <paramref name="field"/> names the parameter.</exception>
    public static async Task<EmailSettingsVersion?> LoadAsync(IQuerySession session, string tenantId, long version, string field, CancellationToken cancellationToken)
    {
        var found = version == 0 ? null : await session.LoadAsync<EmailSettingsVersion>(IdOf(version), cancellationToken);
        if (found is not null)
        {
            return found;
        }

        var current = await session.LoadAsync<EmailSettingsDocument>(tenantId, cancellationToken) ?? throw new SettingsNotFoundException(tenantId);
        return version == 0
            ? null
            : throw RequestValidationException.For(field, version > current.Version
                ? $"Version {version} is beyond the current version {current.Version}."
                : $"Version {version} has no stored snapshot.");
    }

    public EmailSettingsDocument AsDocument() => new(Settings.TenantId, Version, Settings, OccurredAt, Actor);
}
