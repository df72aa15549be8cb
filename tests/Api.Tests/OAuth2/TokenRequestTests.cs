using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Smtp.OAuth2;
using static Desktomy.Email.Api.Tests.OAuth2.OAuth2Setup;

namespace Desktomy.Email.Api.Tests.OAuth2;

/// <summary>Each provider's grant against the token double, and what each refusal tells the admin.</summary>
public sealed class TokenRequestTests
{
    [Fact]
    public async Task microsoft365_client_credentials_give_a_token_the_mailbox_accepts()
    {
        await using var server = await StartRegisteredAsync();
        using var client = Client(server);

        var token = await client.RequestAsync(MicrosoftApp(), Mailbox, CancellationToken.None);

        Assert.True(server.IsValid(Mailbox, token.Value));
        Assert.Equal([$"/microsoft/{DirectoryId}/oauth2/v2.0/token"], server.Requests);
        Assert.InRange(token.Lifetime, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task google_service_account_gets_a_token_for_the_mailbox_it_signs_for()
    {
        await using var server = await StartRegisteredAsync();
        using var client = Client(server);

        var token = await client.RequestAsync(GoogleAccount(), Mailbox, CancellationToken.None);

        Assert.True(server.IsValid(Mailbox, token.Value));
        Assert.False(server.IsValid("ktos-inny@acme.pl", token.Value));
    }

    [Fact]
    public async Task generic_client_credentials_with_a_scope_give_a_token()
    {
        await using var server = await StartRegisteredAsync();
        using var client = Client(server);

        var token = await client.RequestAsync(GenericClient(server), Mailbox, CancellationToken.None);

        Assert.True(server.IsValid(Mailbox, token.Value));
    }

    [Fact]
    public async Task a_wrong_microsoft_secret_is_AADSTS7000215_with_a_hint_and_no_secret()
    {
        await using var server = await StartRegisteredAsync();
        using var client = Client(server);
        const string wrong = "Wr0ng-oauth-secret~value-0001";

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => client.RequestAsync(MicrosoftApp(secret: wrong), Mailbox, CancellationToken.None));

        Assert.Equal("token", failure.Stage);
        Assert.Equal("AADSTS7000215", failure.ProviderError);
        Assert.True(failure.Permanent);
        Assert.Equal(401, failure.HttpStatusCode);
        Assert.Contains("Value (not its Secret ID)", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Trace ID", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_unknown_microsoft_application_is_AADSTS700016_naming_the_client_and_directory()
    {
        await using var server = await StartRegisteredAsync();
        using var client = Client(server);

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => client.RequestAsync(MicrosoftApp(clientId: "00000000-dead-4000-8000-000000000000"), Mailbox, CancellationToken.None));

        Assert.Equal("AADSTS700016", failure.ProviderError);
        Assert.Contains("00000000-dead-4000-8000-000000000000", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Application (client) ID", failure.Message, StringComparison.Ordinal);
        Assert.True(failure.Permanent);
    }

    [Fact]
    public async Task an_unknown_microsoft_directory_is_AADSTS90002()
    {
        await using var server = await StartRegisteredAsync();
        using var client = Client(server);

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => client.RequestAsync(MicrosoftApp(directory: "nieznana.onmicrosoft.com"), Mailbox, CancellationToken.None));

        Assert.Equal("AADSTS90002", failure.ProviderError);
        Assert.Contains("Directory (tenant) ID", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_unknown_generic_client_is_invalid_client()
    {
        await using var server = await StartRegisteredAsync();
        using var client = Client(server);

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => client.RequestAsync(GenericClient(server, clientId: "nobody"), Mailbox, CancellationToken.None));

        Assert.Equal("invalid_client", failure.ProviderError);
        Assert.Contains("check the client ID and the client secret", failure.Message, StringComparison.Ordinal);
        Assert.True(failure.Permanent);
    }

    [Fact]
    public async Task a_google_key_that_does_not_belong_to_the_service_account_is_invalid_grant()
    {
        await using var server = await StartRegisteredAsync();
        using var client = Client(server);
        using var otherKey = System.Security.Cryptography.RSA.Create(2048);

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => client.RequestAsync(GoogleAccount(otherKey.ExportPkcs8PrivateKeyPem()), Mailbox, CancellationToken.None));

        Assert.Equal("invalid_grant", failure.ProviderError);
        Assert.Contains("private key may not belong to this service account", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid JWT Signature.", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_google_mailbox_outside_the_delegation_is_refused()
    {
        await using var server = await StartRegisteredAsync();
        using var client = Client(server);

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => client.RequestAsync(GoogleAccount(), "obcy@acme.pl", CancellationToken.None));

        Assert.Equal("invalid_grant", failure.ProviderError);
        Assert.Contains("Invalid email or User ID", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_google_service_account_without_domain_wide_delegation_is_unauthorized_client()
    {
        await using var server = await StartRegisteredAsync();
        server.RegisterGoogleServiceAccount(ServiceAccount, GoogleKey, [Mailbox], "https://www.googleapis.com/auth/calendar");
        using var client = Client(server);

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => client.RequestAsync(GoogleAccount(), Mailbox, CancellationToken.None));

        Assert.Equal("unauthorized_client", failure.ProviderError);
        Assert.Contains("Domain-wide delegation", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_google_assertion_signed_by_a_clock_far_behind_is_refused_as_expired()
    {
        await using var server = await StartRegisteredAsync();
        using var client = Client(server, new ManualClock(DateTimeOffset.UtcNow.AddHours(-2)));

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => client.RequestAsync(GoogleAccount(), Mailbox, CancellationToken.None));

        Assert.Equal("invalid_grant", failure.ProviderError);
        Assert.Contains("iat and exp", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task server_errors_and_throttling_are_transient(int status)
    {
        await using var server = await StartRegisteredAsync();
        server.FailNext(1, status);
        using var client = Client(server);

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => client.RequestAsync(MicrosoftApp(), Mailbox, CancellationToken.None));

        Assert.False(failure.Permanent);
        Assert.Equal(status, failure.HttpStatusCode);
        Assert.True(server.IsValid(Mailbox, (await client.RequestAsync(MicrosoftApp(), Mailbox, CancellationToken.None)).Value));
    }

    [Fact]
    public async Task a_token_endpoint_that_does_not_answer_is_a_transient_timeout()
    {
        await using var server = await StartRegisteredAsync();
        server.HangNext(1);
        using var client = Client(server, timeoutSeconds: 1);

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => client.RequestAsync(GenericClient(server), Mailbox, CancellationToken.None));

        Assert.False(failure.Permanent);
        Assert.Contains("did not answer within 1 s", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_microsoft_directory_id_cannot_reach_into_the_url_path()
    {
        await using var server = await StartRegisteredAsync();
        using var client = Client(server);

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => client.RequestAsync(MicrosoftApp(directory: "../../generic"), Mailbox, CancellationToken.None));

        Assert.True(failure.Permanent);
        Assert.Empty(server.Requests);
    }
}
