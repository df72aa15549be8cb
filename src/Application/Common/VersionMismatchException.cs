namespace Desktomy.Email.Application.Common;

/// <summary>The settings are not at the version the caller named in If-Match.</summary>
public sealed class VersionMismatchException(string tenantId, long expectedVersion, Exception? inner = null)
    : Exception($"The e-mail settings of tenant '{tenantId}' are no longer at version {expectedVersion}: reload them and try again.", inner);
