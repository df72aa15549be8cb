using Desktomy.Email.Application.Settings.History;
using Mediator;

namespace Desktomy.Email.Application.Settings.Export;

/// <summary>A tenant's settings and its whole history in one document, for auditors and the tenant's own records.</summary>
public sealed record ExportEmailSettingsQuery(string TenantId) : IQuery<SettingsExport>;

/// <summary>The current view and every history item up to its version, oldest first; secrets only as <c>secret: true</c>.</summary>
public sealed record SettingsExport(EmailSettingsView Settings, IReadOnlyList<HistoryItem> History);
