using System.Globalization;
using Desktomy.Email.Domain.Settings;

namespace Desktomy.Email.Application.Settings;

/// <summary>
/// The settings as they were right after one event, with who, when and why: the read model behind history,
/// time travel, diff and rollback. Id = version, per tenant (conjoined tenancy).
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

    public static EmailSettingsVersion After(EmailSettingsDocument document, object @event, string? correlationId) => new(
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

    public EmailSettingsDocument AsDocument() => new(Settings.TenantId, Version, Settings, OccurredAt, Actor);
}
