using Mediator;

namespace Desktomy.Email.Application.Settings.GetEmailSettings;

/// <summary>
/// The current view, or the view as it was at <paramref name="Version"/> or at the instant <paramref name="AsOf"/>;
/// null when the tenant had no settings then.
/// </summary>
public sealed record GetEmailSettingsQuery(string TenantId, long? Version = null, DateTimeOffset? AsOf = null) : IQuery<EmailSettingsView?>;
