using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Desktomy.Email.Application.Smtp.OAuth2;
using static Desktomy.Email.Api.Tests.OAuth2.OAuth2Setup;

namespace Desktomy.Email.Api.Tests.OAuth2;

public sealed class GoogleAssertionTests
{
    [Fact]
    public void the_assertion_is_an_rs256_jwt_for_the_mailbox_valid_one_hour()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_796_000_000);

        var jwt = GoogleAssertion.Create(ServiceAccount, GooglePrivateKey, Mailbox, "https://oauth2.googleapis.com/token", now).Split('.');

        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt[0]));
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(jwt[1]));
        Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal(ServiceAccount, claims.RootElement.GetProperty("iss").GetString());
        Assert.Equal(Mailbox, claims.RootElement.GetProperty("sub").GetString());
        Assert.Equal("https://mail.google.com/", claims.RootElement.GetProperty("scope").GetString());
        Assert.Equal("https://oauth2.googleapis.com/token", claims.RootElement.GetProperty("aud").GetString());
        Assert.Equal(1_796_000_000, claims.RootElement.GetProperty("iat").GetInt64());
        Assert.Equal(1_796_003_600, claims.RootElement.GetProperty("exp").GetInt64());
        Assert.True(GoogleKey.VerifyData(Encoding.ASCII.GetBytes($"{jwt[0]}.{jwt[1]}"), Base64Url.DecodeFromChars(jwt[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }
}
