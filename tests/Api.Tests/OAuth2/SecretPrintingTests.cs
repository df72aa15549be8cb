using Desktomy.Email.Application.Smtp.OAuth2;
using static Desktomy.Email.Api.Tests.OAuth2.OAuth2Setup;

namespace Desktomy.Email.Api.Tests.OAuth2;

/// <summary>Whatever may end up in a log line by being printed prints no secret.</summary>
public sealed class SecretPrintingTests
{
    [Fact]
    public void clients_print_no_secret_or_key()
    {
        Assert.DoesNotContain(ClientSecret, MicrosoftApp().ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", GoogleAccount().ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ClientSecret, OAuth2Client.Generic("https://auth.example.com/token", "id", ClientSecret).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void tokens_requests_and_cache_keys_print_no_secret()
    {
        var token = new AccessToken("ya29.secret-token-value", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1));
        var request = TokenRequest.For(MicrosoftApp(), Mailbox, new OAuth2Options(), DateTimeOffset.UtcNow);
        var key = TokenCacheKey.For("acme", 3, MicrosoftApp(), Mailbox);

        Assert.DoesNotContain("secret-token-value", token.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ClientSecret, request.ToString(), StringComparison.Ordinal);
        Assert.Equal("acme v3", key.ToString());
    }

    [Fact]
    public void a_microsoft_request_is_the_client_credentials_grant_for_exchange_online()
    {
        var request = TokenRequest.For(MicrosoftApp(), Mailbox, new OAuth2Options(), DateTimeOffset.UtcNow);

        Assert.Equal($"https://login.microsoftonline.com/{DirectoryId}/oauth2/v2.0/token", request.Endpoint.AbsoluteUri);
        Assert.Equal(
            [new("grant_type", "client_credentials"), new("client_id", ClientId), new("client_secret", ClientSecret), new("scope", "https://outlook.office365.com/.default")],
            request.Form);
    }
}
