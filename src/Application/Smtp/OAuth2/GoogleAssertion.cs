using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Desktomy.Email.Application.Smtp.OAuth2;

/// <summary>
/// The RFC 7523 assertion a Google service account presents: a JWT signed RS256 with its private key, asking for the
/// Gmail scope on behalf of <c>sub</c>, the mailbox (domain-wide delegation).
/// </summary>
public static class GoogleAssertion
{
    public const string GmailScope = "https://mail.google.com/";

    /// <summary>Google accepts assertions that live at most an hour.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"RS256","typ":"JWT"}""");

    /// <exception cref="OAuth2TokenException">The private key is unusable (nothing is sent then).</exception>
    public static string Create(string clientEmail, string privateKeyPem, string mailbox, string audience, DateTimeOffset now)
    {
        if (PrivateKeyCheck.Problem(privateKeyPem) is { } problem)
        {
            throw new OAuth2TokenException(problem, providerError: null, permanent: true);
        }

        var claims = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = clientEmail,
            ["sub"] = mailbox,
            ["scope"] = GmailScope,
            ["aud"] = audience,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
        });
        var signingInput = $"{Base64Url.EncodeToString(Header)}.{Base64Url.EncodeToString(claims)}";

        using var rsa = RSA.Create();
        rsa.ImportFromPem(privateKeyPem);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }
}
