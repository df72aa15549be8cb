namespace Desktomy.Email.Application.Common;

/// <summary>Other writers kept changing the settings while this command retried; the caller may try again.</summary>
public sealed class ConcurrentChangeException(string tenantId, Exception inner)
    : Exception($"The e-mail settings of tenant '{tenantId}' were changed concurrently several times: try again.", inner);
