namespace Desktomy.Email.Application.Common;

public sealed class SettingsNotFoundException(string tenantId, string? when = null)
    : Exception($"Tenant '{tenantId}' has no e-mail settings{when}.");
