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
    private const int Size = PrefixSize + (SmtpCredentials.MaxPasswordLength * 4);

    public static byte[] Pad(string password)
    {
        var padded = new byte[Size];
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
