using System.Security.Cryptography;

namespace Desktomy.Email.Application.Smtp.OAuth2;

/// <summary>
/// Whether a PEM text is an RSA private key strong enough to sign the Google assertion. The answers name what is wrong
/// and never quote the key, so they can go into a 400 problem as they are.
/// </summary>
public static class PrivateKeyCheck
{
    public const int MinimumBits = 2048;

    /// <summary>Null when the key is usable, otherwise what to fix.</summary>
    public static string? Problem(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem) || !PemEncoding.TryFind(pem, out var fields))
        {
            return "The private key is not in PEM form: paste the private_key value of the service account's JSON key, from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----.";
        }

        var label = pem[fields.Label];
        if (label is "ENCRYPTED PRIVATE KEY")
        {
            return "The private key is encrypted with a passphrase: use the unencrypted private_key of the service account's JSON key.";
        }

        if (label is "PUBLIC KEY" or "RSA PUBLIC KEY" or "CERTIFICATE")
        {
            return "This is a public key or a certificate, not the private key: paste the private_key value of the service account's JSON key.";
        }

        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return IsOtherKeyType(pem)
                ? "The private key is not an RSA key: Google service account keys are RSA; create a new JSON key for the service account."
                : "The private key cannot be read: paste the whole private_key value of the service account's JSON key, unchanged.";
        }

        return rsa.KeySize < MinimumBits
            ? $"The RSA key has {rsa.KeySize} bits; at least {MinimumBits} are needed."
            : null;
    }

    private static bool IsOtherKeyType(string pem)
    {
        using var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
