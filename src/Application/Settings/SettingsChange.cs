namespace Desktomy.Email.Application.Settings;

/// <summary>The result of a settings command: the view after it, and whether it created the settings.</summary>
public sealed record SettingsChange(EmailSettingsView View, bool Created);
