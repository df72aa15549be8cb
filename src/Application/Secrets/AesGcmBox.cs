using System.Security.Cryptography;

namespace Desktomy.Email.Application.Secrets;

/// <summary>AES-256-GCM with a random nonce; the sealed form is base64(nonce | tag | ciphertext).</summary>
internal static class AesGcmBox
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static string Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var box = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = box.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, box.AsSpan(NonceSize + TagSize), box.AsSpan(NonceSize, TagSize), associatedData);
        return Convert.ToBase64String(box);
    }

    public static byte[] Open(ReadOnlySpan<byte> key, string sealedBase64, ReadOnlySpan<byte> associatedData)
    {
        var box = Convert.FromBase64String(sealedBase64);
        if (box.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The sealed value is too short.");
        }

        var plaintext = new byte[box.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(box.AsSpan(0, NonceSize), box.AsSpan(NonceSize + TagSize), box.AsSpan(NonceSize, TagSize), plaintext, associatedData);
        return plaintext;
    }
}
