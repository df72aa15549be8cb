namespace Desktomy.Email.Application.Common;

/// <summary>What the request names does not exist (404).</summary>
public abstract class NotFoundException(string message) : Exception(message);

public sealed class SettingsNotFoundException(string tenantId, string? when = null)
    : NotFoundException($"Tenant '{tenantId}' has no e-mail settings{when}.");

public sealed class DeliveryNotFoundException(string tenantId, string deliveryId)
    : NotFoundException($"Tenant '{tenantId}' has no mail '{deliveryId}'.");
