using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.OAuth2;

/// <summary>The service as deployed, with only loopback allowed for the test mail server: a tenant's token endpoint on a private address is refused before anything is sent.</summary>
public sealed class TokenEndpointHostGuardApiTests(TokenEndpointHostGuardApiTests.GuardedApiFactory factory) : IClassFixture<TokenEndpointHostGuardApiTests.GuardedApiFactory>
{
    [Theory]
    [InlineData("https://10.20.30.40/oauth2/token")]
    [InlineData("https://169.254.169.254/latest/api/token")]
    [InlineData("https://[fd00::1]/token")]
    [InlineData("http://127.0.0.1:8080/token")]
    public async Task a_token_endpoint_on_a_private_address_is_a_400_without_any_connection(string tokenEndpoint)
    {
        var tenant = $"guard-{Guid.NewGuid():N}"[..20];
        var admin = factory.Client(Identity.TenantAdmin(tenant));
        Assert.Equal(201, (await admin.PutAsync($"{ApiClient.Settings(tenant)}/primary-email", new { primaryEmail = "biuro@acme.pl" })).Status);
        var connectionsBefore = factory.Smtp.StartTls.ConnectionCount;
        var form = new Dictionary<string, object?>
        {
            ["senderEmail"] = "poczta@acme.pl",
            ["host"] = "127.0.0.1",
            ["port"] = factory.Smtp.StartTls.Port,
            ["security"] = "StartTls",
            ["username"] = "poczta@acme.pl",
            ["oauth2"] = new { provider = "Generic", tokenEndpoint, clientId = "desktomy-relay", clientSecret = OAuth2Setup.ClientSecret },
        };

        var saved = await admin.PutAsync($"{ApiClient.Settings(tenant)}/smtp", form);
        var tested = await admin.PostAsync($"{ApiClient.Settings(tenant)}/smtp/test", form);

        foreach (var reply in new[] { saved, tested })
        {
            Assert.Equal(400, reply.Status);
            Assert.NotEmpty(reply.As<ProblemView>().ErrorsFor("oauth2.tokenEndpoint"));
        }

        Assert.Equal(connectionsBefore, factory.Smtp.StartTls.ConnectionCount);
        Assert.Null((await admin.GetAsync(ApiClient.Settings(tenant))).As<SettingsView>().OwnSmtp);
    }

    public sealed class GuardedApiFactory : ApiFactory
    {
        protected override bool AllowPrivateHosts => false;

        protected override IReadOnlyDictionary<string, string> SpecialSettings => new Dictionary<string, string> { ["Mail:AllowedNetworks:0"] = "127.0.0.0/8" };
    }
}
