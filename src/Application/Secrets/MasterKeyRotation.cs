using Marten;

namespace Desktomy.Email.Application.Secrets;

/// <summary>
/// Re-wraps every tenant data key under the current master key. Events and passwords are untouched: only the wrapping
/// of each data key changes. Run it after adding the new key as Secrets:MasterKey and the old one to PreviousMasterKeys.
/// </summary>
public sealed class MasterKeyRotation(IDocumentStore store, MasterKeyRing masterKeys)
{
    public async Task<int> RewrapAllAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<TenantDataKey> stale;
        await using (var reader = store.QuerySession())
        {
            stale = await reader.Query<TenantDataKey>()
                .Where(k => k.AnyTenant() && k.MasterKeyId != masterKeys.CurrentId)
                .ToListAsync(cancellationToken);
        }

        foreach (var key in stale)
        {
            var dataKey = masterKeys.Unwrap(key.TenantId, key.WrappedKey, key.MasterKeyId);
            await using var session = store.LightweightSession(key.TenantId);
            session.Store(key with { WrappedKey = masterKeys.Wrap(key.TenantId, dataKey), MasterKeyId = masterKeys.CurrentId });
            await session.SaveChangesAsync(cancellationToken);
        }

        return stale.Count;
    }
}
