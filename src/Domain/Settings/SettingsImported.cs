namespace Desktomy.Email.Domain.Settings;

/// <summary>
/// The first event of a tenant brought over from the platform's previous store: the complete state (the password
/// sealed), where it came from, and why it was imported.
/// </summary>
public sealed record SettingsImported(string TenantId, EmailSettings Imported, ImportSource Source, string Reason, DateTimeOffset OccurredAt) : ISettingsEvent;

/// <summary>When and by whom the previous store last changed the settings (its <c>zmieniono</c> and <c>zmienil</c>).</summary>
public sealed record ImportSource(DateTimeOffset? ChangedAt, string? ChangedBy);
