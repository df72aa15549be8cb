using Desktomy.Email.Application.Common;
using Marten;

namespace Desktomy.Email.Application.Settings;

/// <summary>Loads the snapshot of one version; version 0 is "before the settings existed".</summary>
public static class SettingsVersions
{
    /// <exception cref="SettingsNotFoundException">The tenant has no settings at all.</exception>
    /// <exception cref="RequestValidationException">The version is beyond the current one; <paramref name="field"/> names the parameter.</exception>
    public static async Task<EmailSettingsVersion?> LoadAsync(IQuerySession session, string tenantId, long version, string field, CancellationToken cancellationToken)
    {
        var found = version == 0 ? null : await session.LoadAsync<EmailSettingsVersion>(EmailSettingsVersion.IdOf(version), cancellationToken);
        if (found is not null)
        {
            return found;
        }

        var current = await session.LoadAsync<EmailSettingsDocument>(tenantId, cancellationToken) ?? throw new SettingsNotFoundException(tenantId);
        return version == 0
            ? null
            : throw RequestValidationException.For(field, version > current.Version
                ? $"Version {version} is beyond the current version {current.Version}."
                : $"Version {version} has no stored snapshot.");
    }
}
