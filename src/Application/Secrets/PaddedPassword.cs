using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Application.Secrets;

/// <summary>
/// Every password is encrypted as the same number of bytes (a length prefix, the UTF-8 bytes, zero padding), so
/// its ciphertext does not reveal how long it is.
/// </summary>
internal static class PaddedPassword
{
    private const int PrefixSize = sizeof(ushort);
    public const int PasswordSize = PrefixSize + (SmtpCredentials.MaxPasswordLength * 4);

    /// <summary>OAuth 2.0 secrets: a client secret (at most 1024 characters) or a PEM private key (at most 8192 ASCII characters).</summary>
    public const int SecretSize = PrefixSize + 8192;

    public static byte[] Pad(string password, int size = PasswordSize)
    {
        var padded = new byte[size];
        var length = Encoding.UTF8.GetBytes(password, padded.AsSpan(PrefixSize));
        BinaryPrimitives.WriteUInt16BigEndian(padded, (ushort)length);
        return padded;
    }

    public static string Unpad(byte[] padded)
    {
        var length = padded.Length >= PrefixSize ? BinaryPrimitives.ReadUInt16BigEndian(padded) : int.MaxValue;
        return length <= padded.Length - PrefixSize
            ? Encoding.UTF8.GetString(padded, PrefixSize, length)
            : throw new CryptographicException("The decrypted password is malformed.");
    }
}
