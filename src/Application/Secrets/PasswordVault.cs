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
        var stored = await session.LoadAsync<TenantDataKey>(TenantDataKey.SmtpPasswordKeyId, cancellationToken);
        var dataKey = stored is null ? CreateDataKey(session, tenantId) : masterKeys.Unwrap(tenantId, stored.WrappedKey, stored.MasterKeyId);
        return AesGcmBox.Seal(dataKey, PaddedPassword.Pad(password), Encoding.UTF8.GetBytes(tenantId));
    }

    /// <summary>
    /// Typing the stored password again keeps the stored ciphertext, so re-saving an unchanged form appends nothing.
    /// </summary>
    public async Task<string> SealUnlessStoredAsync(IDocumentSession session, string tenantId, string password, string? storedSealedPassword, CancellationToken cancellationToken)
    {
        if (storedSealedPassword is not null && await TryUnsealAsync(session, tenantId, storedSealedPassword, cancellationToken) is { } stored
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stored), Encoding.UTF8.GetBytes(password)))
        {
            return storedSealedPassword;
        }

        return await SealAsync(session, tenantId, password, cancellationToken);
    }

    /// <exception cref="StoredPasswordUnreadableException">The data key is gone or cannot decrypt it.</exception>
    public async Task<string> UnsealAsync(IQuerySession session, string tenantId, string sealedPassword, CancellationToken cancellationToken) =>
        await TryUnsealAsync(session, tenantId, sealedPassword, cancellationToken) ?? throw new StoredPasswordUnreadableException(tenantId);

    /// <summary>Crypto-shredding: without its data key no stored password of the tenant can ever be read again.</summary>
    public static void EraseDataKey(IDocumentSession session) => session.Delete<TenantDataKey>(TenantDataKey.SmtpPasswordKeyId);

    private async Task<string?> TryUnsealAsync(IQuerySession session, string tenantId, string sealedPassword, CancellationToken cancellationToken)
    {
        var stored = await session.LoadAsync<TenantDataKey>(TenantDataKey.SmtpPasswordKeyId, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        try
        {
            var dataKey = masterKeys.Unwrap(tenantId, stored.WrappedKey, stored.MasterKeyId);
            return PaddedPassword.Unpad(AesGcmBox.Open(dataKey, sealedPassword, Encoding.UTF8.GetBytes(tenantId)));
        }
        catch (CryptographicException)
        {
            // A password sealed under an erased (since replaced) data key: unreadable, like the key itself.
            return null;
        }
    }

    private byte[] CreateDataKey(IDocumentSession session, string tenantId)
    {
        var dataKey = RandomNumberGenerator.GetBytes(MasterKeyRing.KeySize);
        // Insert, not Store: if two first-time writers race, the second fails instead of replacing the key the first used.
        session.Insert(new TenantDataKey(TenantDataKey.SmtpPasswordKeyId, tenantId, masterKeys.Wrap(tenantId, dataKey), masterKeys.CurrentId, clock.GetUtcNow()));
        return dataKey;
    }
}
