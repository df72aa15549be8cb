using Desktomy.Email.Application.Settings;
using Desktomy.Email.Domain.Settings;
using Marten;

namespace Desktomy.Email.Application.Mail;

internal static class MailSettings
{
    /// <summary>
    /// A mail is accepted only for a tenant with settings (else 409). Settings once created are never removed, so a
    /// document this node has seen (<see cref="SettingsCache"/>, whatever its version) proves it without a read (or a session).
    /// </summary>
    public static async Task RequireAsync(IDocumentStore store, SettingsCache cache, string tenantId, CancellationToken cancellationToken)
    {
        if (cache.Get(tenantId) is not null)
        {
            return;
        }

        await using var session = store.QuerySession(tenantId);
        var stored = await session.LoadAsync<EmailSettingsDocument>(tenantId, cancellationToken) ?? throw new SettingsNotConfiguredException(tenantId);
        cache.Remember(stored);
    }
}
