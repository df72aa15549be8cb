namespace Desktomy.Email.Domain.Settings;

public abstract class SettingsException(string message) : Exception(message);

public sealed class SettingsNotConfiguredException(string tenantId)
    : SettingsException($"Tenant '{tenantId}' has no e-mail settings yet: set the primary e-mail first.");

/// <summary>A request that breaks a settings rule; <see cref="Field"/> is the request's JSON path.</summary>
public sealed class SettingsRuleViolationException(string field, string message) : SettingsException(message)
{
    public string Field { get; } = field;
}

public sealed class OwnSmtpNotConfiguredException(string tenantId)
    : SettingsException($"Tenant '{tenantId}' has no own SMTP settings yet: send the settings to test in the request body.");
