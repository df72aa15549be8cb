using System.Security.Cryptography;
using System.Text;
using Desktomy.Email.Domain.Settings;
using JasperFx;
using Marten;
using Marten.Exceptions;

namespace Desktomy.Email.Application.Secrets;

/// <summary>
/// The one place where SMTP passwords (and OAuth 2.0 client secrets and private keys) are sealed with the tenant's data key and opened again, only in memory.
/// A tenant's data key is created, in a commit of its own, the first time a password is sealed for it; it is destroyed
/// (crypto-shredding) in the settings commit that records <see cref="SmtpPasswordErased"/> (<see cref="Settings.SettingsStatements"/>).
/// </summary>
public sealed class PasswordVault(IDocumentStore store, MasterKeyRing masterKeys, TimeProvider clock)
{
    /// <summary>The tenant's data key, unwrapped, to seal a typed password with; created when the tenant has none.</summary>
    public async Task<TenantKey> KeyForSealingAsync(string tenantId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession(tenantId);
            if (await LoadKeyAsync(session, tenantId, cancellationToken) is { } existing)
            {
                return existing;
            }

            var dataKey = RandomNumberGenerator.GetBytes(MasterKeyRing.KeySize);
            // Insert, not Store: of two first-time writers one wins, and the other uses the winner's key.
            session.Insert(new TenantDataKey(TenantDataKey.SmtpPasswordKeyId, tenantId, masterKeys.Wrap(tenantId, dataKey), masterKeys.CurrentId, clock.GetUtcNow()));
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return new TenantKey(tenantId, dataKey);
            }
            catch (DocumentAlreadyExistsException) when (attempt == 1)
            {
            }
        }
    }

    /// <summary>
    /// The plaintext secret to authenticate with — the password, or with OAuth 2.0 the client secret or private key:
    /// the typed one, else the stored one opened, else none (no login).
    /// </summary>
    /// <exception cref="StoredPasswordUnreadableException">A login is set and the stored secret is gone or cannot be opened.</exception>
    public async Task<string?> PasswordForAsync(IQuerySession session, string tenantId, OwnSmtpConfiguration smtp, string? typed, CancellationToken cancellationToken)
    {
        if (typed is not null)
        {
            return typed;
        }

        var sealedSecret = smtp.OAuth2 is { } oauth2 ? oauth2.SealedSecret : smtp.SealedPassword;
        if (sealedSecret is null)
        {
            return smtp.Username is null && smtp.OAuth2 is null ? null : throw new StoredPasswordUnreadableException(tenantId, smtp.OAuth2);
        }

        TenantKey? key;
        try
        {
            key = await LoadKeyAsync(session, tenantId, cancellationToken);
        }
        catch (CryptographicException e)
        {
            throw new StoredPasswordUnreadableException(tenantId, smtp.OAuth2, e); // wrapped by a master key this node does not have
        }

        return key?.Open(sealedSecret) ?? throw new StoredPasswordUnreadableException(tenantId, smtp.OAuth2);
    }

    private async Task<TenantKey?> LoadKeyAsync(IQuerySession session, string tenantId, CancellationToken cancellationToken)
    {
        var stored = await session.LoadAsync<TenantDataKey>(TenantDataKey.SmtpPasswordKeyId, cancellationToken);
        return stored is null ? null : new TenantKey(tenantId, masterKeys.Unwrap(tenantId, stored.WrappedKey, stored.MasterKeyId));
    }
}

/// <summary>A tenant's unwrapped data key. Passwords are padded before sealing, so the ciphertext hides their length.</summary>
public sealed class TenantKey(string tenantId, byte[] dataKey)
{
    private readonly byte[] _associatedData = Encoding.UTF8.GetBytes(tenantId);

    public string Seal(string password) => AesGcmBox.Seal(dataKey, PaddedPassword.Pad(password), _associatedData);

    /// <summary>An OAuth 2.0 client secret or private key, padded to its own (larger) fixed size.</summary>
    public string SealSecret(string secret) => AesGcmBox.Seal(dataKey, PaddedPassword.Pad(secret, PaddedPassword.SecretSize), _associatedData);

    /// <summary>Null when <paramref name="sealedPassword"/> was sealed under another (since erased) data key.</summary>
    public string? Open(string sealedPassword)
    {
        try
        {
            return PaddedPassword.Unpad(AesGcmBox.Open(dataKey, sealedPassword, _associatedData));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="sealedPassword"/> holds <paramref name="password"/>: typing the stored password again changes nothing.</summary>
    public bool Holds(string? sealedPassword, string password) =>
        sealedPassword is not null && Open(sealedPassword) is { } plaintext
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(plaintext), Encoding.UTF8.GetBytes(password));
}
