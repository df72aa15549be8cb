using Mediator;

namespace Desktomy.Email.Application.Settings.GetEmailSettings;

/// <summary>The current view, or null when the tenant never configured e-mail.</summary>
public sealed record GetEmailSettingsQuery(string TenantId) : IQuery<EmailSettingsView?>;
