using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Application.Secrets;

/// <summary>Wraps and unwraps tenant data keys with the master key (AES-256-GCM, the tenant id as associated data).</summary>
public sealed class MasterKeyRing(IOptions<SecretsOptions> options)
{
    public const int KeySize = 32;

    private readonly byte[] _masterKey = Convert.FromBase64String(options.Value.MasterKey);

    /// <summary>A fingerprint that tells which master key wrapped a data key, so a rotation can find what to re-wrap.</summary>
    public string MasterKeyId => Convert.ToHexStringLower(SHA256.HashData(_masterKey).AsSpan(0, 8));

    public string Wrap(string tenantId, ReadOnlySpan<byte> dataKey) => AesGcmBox.Seal(_masterKey, dataKey, Encoding.UTF8.GetBytes(tenantId));

    public byte[] Unwrap(string tenantId, string wrappedKey) => AesGcmBox.Open(_masterKey, wrappedKey, Encoding.UTF8.GetBytes(tenantId));
}
