using System.Security.Cryptography;
using System.Text;

namespace Desktomy.Email.Application.Smtp.OAuth2;

/// <summary>
/// Which cached token a call may use: the tenant's, for this version of its settings, for exactly this client and
/// mailbox. <see cref="Identity"/> is a keyed hash of every field including the secrets, so a token obtained for other
/// settings (a changed secret in an unsaved test, a rollback to an older version) is never reused.
/// </summary>
public readonly record struct TokenCacheKey(string TenantId, long SettingsVersion, string Identity)
{
    // Per process: the hash means nothing outside this cache and cannot be checked against a guessed secret elsewhere.
    private static readonly byte[] HashKey = RandomNumberGenerator.GetBytes(32);

    public static TokenCacheKey For(string tenantId, long settingsVersion, OAuth2Client client, string username)
    {
        var fields = string.Join('\0', client.Provider, client.DirectoryId, client.ClientId, client.ClientSecret, client.ClientEmail, client.PrivateKey, client.TokenEndpoint, client.Scope, username);
        return new TokenCacheKey(tenantId, settingsVersion, Convert.ToHexString(HMACSHA256.HashData(HashKey, Encoding.UTF8.GetBytes(fields))));
    }

    public override string ToString() => $"{TenantId} v{SettingsVersion}";
}
