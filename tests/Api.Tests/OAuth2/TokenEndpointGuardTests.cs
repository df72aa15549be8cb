using System.Net;
using System.Net.Sockets;
using Desktomy.Email.Application.Smtp.OAuth2;
using static Desktomy.Email.Api.Tests.OAuth2.OAuth2Setup;

namespace Desktomy.Email.Api.Tests.OAuth2;

/// <summary>
/// Token endpoints are reached over https, at public addresses only. Every refusal here happens before a socket
/// exists: the listeners below would see a connection otherwise, and no other address is ever contacted.
/// </summary>
public sealed class TokenEndpointGuardTests
{
    [Theory]
    [InlineData("https://169.254.169.254/token")]
    [InlineData("https://[::ffff:169.254.169.254]/token")]
    [InlineData("https://10.0.0.5/oauth/token")]
    [InlineData("https://[fd00::1]/token")]
    public async Task a_token_endpoint_on_a_private_or_metadata_address_is_refused(string endpoint)
    {
        using var client = Client(new OAuth2Options(), allowPrivateHosts: false);

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => client.RequestAsync(OAuth2Client.Generic(endpoint, "id", ClientSecret), Mailbox, CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Contains("private, loopback, link-local or otherwise reserved", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_configured_microsoft_authority_on_a_metadata_address_is_refused_too()
    {
        using var client = Client(new OAuth2Options { MicrosoftAuthority = "https://169.254.169.254" }, allowPrivateHosts: false);

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => client.RequestAsync(MicrosoftApp(), Mailbox, CancellationToken.None));

        Assert.Contains("reserved", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://127.0.0.1:{0}/token")]
    [InlineData("https://localhost:{0}/token")]
    public async Task a_token_endpoint_resolving_to_loopback_is_refused_before_any_connection(string endpoint)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, endpoint, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var client = Client(new OAuth2Options(), allowPrivateHosts: false);

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => client.RequestAsync(OAuth2Client.Generic(url, "id", ClientSecret), Mailbox, CancellationToken.None));

        Assert.Contains("reserved", failure.Message, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "a connection reached the listener");
    }

    [Fact]
    public async Task plain_http_to_a_loopback_token_endpoint_needs_private_hosts_allowed()
    {
        await using var server = await StartRegisteredAsync();
        using var client = Client(server, allowPrivateHosts: false);

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => client.RequestAsync(GenericClient(server), Mailbox, CancellationToken.None));

        Assert.Contains("must be an https URL", failure.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("http://10.1.2.3/token")]
    [InlineData("http://login.example.com/token")]
    [InlineData("ftp://127.0.0.1/token")]
    public async Task plain_http_to_anything_but_loopback_is_refused_even_with_private_hosts_allowed(string endpoint)
    {
        using var client = Client(new OAuth2Options(), allowPrivateHosts: true);

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => client.RequestAsync(OAuth2Client.Generic(endpoint, "id", ClientSecret), Mailbox, CancellationToken.None));

        Assert.Contains("must be an https URL", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task credentials_in_the_token_endpoint_url_are_refused()
    {
        using var client = Client(new OAuth2Options(), allowPrivateHosts: true);

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => client.RequestAsync(OAuth2Client.Generic("http://user:pass@127.0.0.1/token", "id", ClientSecret), Mailbox, CancellationToken.None));

        Assert.Contains("must not contain a user name or password", failure.Message, StringComparison.Ordinal);
    }
}
