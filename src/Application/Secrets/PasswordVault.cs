using System.Security.Cryptography;
using System.Text;
using Marten;

namespace Desktomy.Email.Application.Secrets;

/// <summary>
/// Encrypts SMTP passwords with the tenant's data key before they enter an event, and decrypts them only in memory.
/// The data key is created on first use inside the caller's session, so it commits with the event that needs it.
/// </summary>
public sealed class PasswordVault(MasterKeyRing masterKeys, TimeProvider clock)
{
    public async Task<string> SealAsync(IDocumentSession session, string tenantId, string password, CancellationToken cancellationToken)
    {
        var dataKey = await LoadDataKeyAsync(session, tenantId, cancellationToken) ?? CreateDataKey(session, tenantId);
        return AesGcmBox.Seal(dataKey, Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(tenantId));
    }

    /// <summary>
    /// Typing the stored password again keeps the stored ciphertext, so re-saving an unchanged form appends nothing.
    /// </summary>
    public async Task<string> SealUnlessStoredAsync(IDocumentSession session, string tenantId, string password, string? storedSealedPassword, CancellationToken cancellationToken)
    {
        if (storedSealedPassword is not null)
        {
            var stored = await UnsealAsync(session, tenantId, storedSealedPassword, cancellationToken);
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stored), Encoding.UTF8.GetBytes(password)))
            {
                return storedSealedPassword;
            }
        }

        return await SealAsync(session, tenantId, password, cancellationToken);
    }

    public async Task<string> UnsealAsync(IQuerySession session, string tenantId, string sealedPassword, CancellationToken cancellationToken)
    {
        var dataKey = await LoadDataKeyAsync(session, tenantId, cancellationToken)
            ?? throw new CryptographicException($"Tenant '{tenantId}' has no data key: its stored SMTP password cannot be read.");
        return Encoding.UTF8.GetString(AesGcmBox.Open(dataKey, sealedPassword, Encoding.UTF8.GetBytes(tenantId)));
    }

    private async Task<byte[]?> LoadDataKeyAsync(IQuerySession session, string tenantId, CancellationToken cancellationToken)
    {
        var stored = await session.LoadAsync<TenantDataKey>(TenantDataKey.SmtpPasswordKeyId, cancellationToken);
        return stored is null ? null : masterKeys.Unwrap(tenantId, stored.WrappedKey);
    }

    private byte[] CreateDataKey(IDocumentSession session, string tenantId)
    {
        var dataKey = RandomNumberGenerator.GetBytes(MasterKeyRing.KeySize);
        // Insert, not Store: if two first-time writers race, the second fails instead of replacing the key the first used.
        session.Insert(new TenantDataKey(TenantDataKey.SmtpPasswordKeyId, masterKeys.Wrap(tenantId, dataKey), masterKeys.MasterKeyId, clock.GetUtcNow()));
        return dataKey;
    }
}
