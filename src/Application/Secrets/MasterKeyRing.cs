using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Application.Secrets;

/// <summary>
/// Wraps tenant data keys with the current master key and unwraps them with whichever master key wrapped them
/// (AES-256-GCM, the tenant id as associated data). Keys are known by a fingerprint, never by their bytes.
/// </summary>
public sealed class MasterKeyRing
{
    public const int KeySize = 32;

    private readonly byte[] _current;
    private readonly Dictionary<string, byte[]> _byId;

    public MasterKeyRing(IOptions<SecretsOptions> options)
    {
        _current = Convert.FromBase64String(options.Value.MasterKey);
        _byId = options.Value.PreviousMasterKeys.Select(Convert.FromBase64String).Append(_current).ToDictionary(IdOf);
        CurrentId = IdOf(_current);
    }

    /// <summary>The fingerprint of the current master key, stored with each data key it wraps.</summary>
    public string CurrentId { get; }

    public string Wrap(string tenantId, ReadOnlySpan<byte> dataKey) => AesGcmBox.Seal(_current, dataKey, Encoding.UTF8.GetBytes(tenantId));

    public byte[] Unwrap(string tenantId, string wrappedKey, string masterKeyId) =>
        _byId.TryGetValue(masterKeyId, out var master)
            ? AesGcmBox.Open(master, wrappedKey, Encoding.UTF8.GetBytes(tenantId))
            : throw new CryptographicException($"The data key of tenant '{tenantId}' was wrapped by master key {masterKeyId}, which is not configured.");

    private static string IdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));
}
