using Desktomy.Email.Application.Settings;
using Desktomy.Email.Domain.Settings;
using Marten;

namespace Desktomy.Email.Application.Mail;

internal static class MailSettings
{
    /// <summary>
    /// A mail is accepted only for a tenant with settings (else 409). Settings once created are never removed, so a
    /// document this node has seen (<see cref="SettingsCache"/>, whatever its version) proves it without a read.
    /// </summary>
    public static async Task RequireAsync(IDocumentStore store, SettingsCache cache, string tenantId, CancellationToken cancellationToken)
    {
        if (cache.Get(tenantId) is not null)
        {
            return;
        }

        var stored = await SettingsStatements.For(store).LoadAsync(tenantId, cancellationToken) ?? throw new SettingsNotConfiguredException(tenantId);
        cache.Remember(stored);
    }
}
