using System.Security.Cryptography;
using Desktomy.Email.Application.Smtp.OAuth2;

namespace Desktomy.Email.Api.Tests.OAuth2;

public sealed class PrivateKeyCheckTests
{
    [Fact]
    public void a_2048_bit_rsa_key_is_accepted_in_pkcs8_and_pkcs1_form()
    {
        using var rsa = RSA.Create(2048);

        Assert.Null(PrivateKeyCheck.Problem(rsa.ExportPkcs8PrivateKeyPem()));
        Assert.Null(PrivateKeyCheck.Problem(rsa.ExportRSAPrivateKeyPem()));
    }

    [Fact]
    public void a_google_json_keys_private_key_with_its_newlines_is_accepted()
    {
        using var rsa = RSA.Create(2048);
        var json = $$"""{"type":"service_account","private_key":{{System.Text.Json.JsonSerializer.Serialize(rsa.ExportPkcs8PrivateKeyPem() + "\n")}}}""";

        var privateKey = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("private_key").GetString();

        Assert.Null(PrivateKeyCheck.Problem(privateKey));
    }

    [Fact]
    public void a_key_shorter_than_2048_bits_is_refused_by_its_size()
    {
        using var rsa = RSA.Create(1024);

        Assert.Equal("The RSA key has 1024 bits; at least 2048 are needed.", PrivateKeyCheck.Problem(rsa.ExportPkcs8PrivateKeyPem()));
    }

    [Fact]
    public void an_ec_key_is_refused_as_not_rsa()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Contains("not an RSA key", PrivateKeyCheck.Problem(ec.ExportPkcs8PrivateKeyPem()), StringComparison.Ordinal);
    }

    [Fact]
    public void a_public_key_is_refused_as_not_the_private_one()
    {
        using var rsa = RSA.Create(2048);

        Assert.Contains("not the private key", PrivateKeyCheck.Problem(rsa.ExportSubjectPublicKeyInfoPem()), StringComparison.Ordinal);
    }

    [Fact]
    public void an_encrypted_key_is_refused()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportEncryptedPkcs8PrivateKeyPem("passphrase", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000));

        Assert.Contains("encrypted", PrivateKeyCheck.Problem(pem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a key at all")]
    [InlineData("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7")]
    public void text_that_is_not_pem_is_refused(string text) =>
        Assert.Contains("not in PEM form", PrivateKeyCheck.Problem(text), StringComparison.Ordinal);

    [Fact]
    public void a_damaged_key_is_refused_without_quoting_any_of_it()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportPkcs8PrivateKeyPem();
        var lines = pem.Split('\n');
        var damaged = string.Join('\n', lines.Take(4).Concat(lines.TakeLast(2)));

        var problem = PrivateKeyCheck.Problem(damaged);

        Assert.Contains("cannot be read", problem, StringComparison.Ordinal);
        Assert.All(lines.Skip(1).Take(3), line => Assert.DoesNotContain(line[..16], problem, StringComparison.Ordinal));
    }

    [Fact]
    public async Task an_unusable_key_fails_the_token_request_before_anything_is_sent()
    {
        await using var server = await OAuth2Setup.StartRegisteredAsync();
        using var client = OAuth2Setup.Client(server);
        using var small = RSA.Create(1024);

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => client.RequestAsync(OAuth2Setup.GoogleAccount(small.ExportPkcs8PrivateKeyPem()), OAuth2Setup.Mailbox, CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Null(failure.ProviderError);
        Assert.Empty(server.Requests);
    }
}
