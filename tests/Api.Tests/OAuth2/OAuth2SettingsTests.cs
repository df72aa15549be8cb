using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Desktomy.Email.Api.Tests.Infrastructure;
using static Desktomy.Email.Api.Tests.OAuth2.OAuth2Setup;

namespace Desktomy.Email.Api.Tests.OAuth2;

/// <summary>Own SMTP with OAuth 2.0 through the API: configure, verify, save and send over XOAUTH2 against the doubles.</summary>
public sealed class OAuth2SettingsTests(OAuth2ApiFactory factory) : IClassFixture<OAuth2ApiFactory>
{
    public const string WrongSecret = "Wr0ng-oauth-secret~value-0003";

    /// <summary>A 2048-bit key no service account was registered with.</summary>
    public static readonly string ForeignPrivateKey = RSA.Create(2048).ExportPkcs8PrivateKeyPem();

    [Theory]
    [InlineData("Microsoft365")]
    [InlineData("Google")]
    [InlineData("Generic")]
    public async Task each_provider_is_verified_saved_and_tested_with_a_token_and_its_secret_stays_write_only(string provider)
    {
        var (tenant, admin) = await TenantAsync();
        var connectionsBefore = factory.XOAuth2.ConnectionCount;

        var tested = await admin.PostAsync($"{Settings(tenant)}/smtp/test", Form(OAuth2Of(provider)));
        var saved = await admin.PutAsync($"{Settings(tenant)}/smtp", Form(OAuth2Of(provider)));
        var storedTest = await admin.PostAsync($"{Settings(tenant)}/smtp/test", null);

        Assert.Equal(200, tested.Status);
        Assert.True(tested.Json["authenticated"]!.GetValue<bool>(), tested.Body);
        Assert.Equal(200, saved.Status);
        Assert.Equal(200, storedTest.Status);
        Assert.True(factory.XOAuth2.ConnectionCount >= connectionsBefore + 3, "the mail server was not contacted for every verification");
        var smtp = saved.Json["ownSmtp"]!;
        Assert.False(smtp["passwordSet"]!.GetValue<bool>());
        Assert.Equal("OAuth2", smtp["advanced"]!["authMechanism"]!.GetValue<string>());
        var oauth2 = smtp["oauth2"]!.AsObject();
        Assert.Equal(["provider", "directoryId", "clientId", "clientEmail", "tokenEndpoint", "scope", "secretSet"], oauth2.Select(p => p.Key));
        Assert.Equal(provider, oauth2["provider"]!.GetValue<string>());
        Assert.True(oauth2["secretSet"]!.GetValue<bool>());
        Assert.Equal(provider == "Google" ? ServiceAccount : null, oauth2["clientEmail"]?.GetValue<string>());
        Assert.Equal(provider == "Microsoft365" ? DirectoryId : null, oauth2["directoryId"]?.GetValue<string>());
        Assert.Equal(provider == "Generic" ? factory.Tokens.GenericTokenEndpoint : null, oauth2["tokenEndpoint"]?.GetValue<string>());
        AssertNoSecretIn(admin);
    }

    [Fact]
    public async Task a_wrong_client_secret_is_a_422_at_the_token_stage_with_the_providers_code_and_nothing_is_stored()
    {
        var (tenant, admin) = await TenantAsync();
        var failedBefore = factory.XOAuth2.FailedAuthentications;

        var reply = await admin.PutAsync($"{Settings(tenant)}/smtp", Form(Microsoft(secret: WrongSecret)));

        Assert.Equal(422, reply.Status);
        Assert.Equal("token", reply.Json["stage"]!.GetValue<string>());
        Assert.Equal("AADSTS7000215", reply.Json["providerError"]!.GetValue<string>());
        Assert.Contains("client secret is wrong", reply.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(failedBefore, factory.XOAuth2.FailedAuthentications);
        Assert.Null((await admin.GetAsync(Settings(tenant))).Json["ownSmtp"]);
        AssertNoSecretIn(admin);
    }

    [Fact]
    public async Task an_unknown_client_is_named_by_the_providers_code()
    {
        var (tenant, admin) = await TenantAsync();

        var microsoft = await admin.PostAsync($"{Settings(tenant)}/smtp/test", Form(Microsoft(clientId: "00000000-0000-4000-8000-000000000000")));
        var generic = await admin.PostAsync($"{Settings(tenant)}/smtp/test", Form(Generic(clientId: "nobody")));

        Assert.Equal(422, microsoft.Status);
        Assert.Equal("AADSTS700016", microsoft.Json["providerError"]!.GetValue<string>());
        Assert.Contains("Application (client) ID", microsoft.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(422, generic.Status);
        Assert.Equal("token", generic.Json["stage"]!.GetValue<string>());
        Assert.Equal("invalid_client", generic.Json["providerError"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_google_key_that_does_not_belong_to_the_service_account_is_invalid_grant()
    {
        var (tenant, admin) = await TenantAsync();

        var reply = await admin.PutAsync($"{Settings(tenant)}/smtp", Form(Google(ForeignPrivateKey)));

        Assert.Equal(422, reply.Status);
        Assert.Equal("token", reply.Json["stage"]!.GetValue<string>());
        Assert.Equal("invalid_grant", reply.Json["providerError"]!.GetValue<string>());
        Assert.DoesNotContain(ForeignPrivateKey.Split('\n')[1], reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_private_key_that_is_no_key_is_a_400_that_does_not_echo_it()
    {
        var (tenant, admin) = await TenantAsync();
        const string notAKey = "-----BEGIN PRIVATE KEY-----\nbm90LWEta2V5LWF0LWFsbA==\n-----END PRIVATE KEY-----";

        var reply = await admin.PutAsync($"{Settings(tenant)}/smtp", Form(Google(notAKey)));

        Assert.Equal(400, reply.Status);
        Assert.NotEmpty(reply.As<ProblemView>().ErrorsFor("oauth2.privateKey"));
        Assert.DoesNotContain("bm90LWEta2V5LWF0LWFsbA", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_form_with_oauth2_and_a_password_without_a_login_or_with_an_unknown_provider_is_refused()
    {
        var (tenant, admin) = await TenantAsync();
        var withPassword = Form(Microsoft());
        withPassword["password"] = SmtpServers.Password;
        var withoutLogin = Form(Microsoft());
        withoutLogin["username"] = null;
        var badDirectory = Form(new { provider = "Microsoft365", directoryId = "../../evil", clientId = ClientId, clientSecret = ClientSecret });
        var noProvider = Form(new { clientId = ClientId, clientSecret = ClientSecret });
        var unknownProvider = Form(new { provider = "Yahoo", clientId = ClientId, clientSecret = ClientSecret });
        var providerByNumber = Form(new { provider = "7", clientId = ClientId, clientSecret = ClientSecret });

        var replies = await Task.WhenAll(new[] { withPassword, withoutLogin, badDirectory, noProvider, unknownProvider, providerByNumber }.Select(form => admin.PutAsync($"{Settings(tenant)}/smtp", form)));

        Assert.All(replies, reply => Assert.Equal(400, reply.Status));
        Assert.NotEmpty(replies[0].As<ProblemView>().ErrorsFor("password"));
        Assert.NotEmpty(replies[1].As<ProblemView>().ErrorsFor("username"));
        Assert.NotEmpty(replies[2].As<ProblemView>().ErrorsFor("oauth2.directoryId"));
        Assert.NotEmpty(replies[3].As<ProblemView>().ErrorsFor("oauth2.provider"));
        Assert.NotEmpty(replies[4].As<ProblemView>().ErrorsFor("oauth2.provider"));
        Assert.NotEmpty(replies[5].As<ProblemView>().ErrorsFor("oauth2.provider"));
    }

    [Fact]
    public async Task the_stored_secret_is_kept_for_the_same_client_and_asked_again_for_another()
    {
        var (tenant, admin) = await TenantAsync();
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", Form(Microsoft()))).Status);

        var sameClient = Form(new { provider = "Microsoft365", directoryId = DirectoryId, clientId = ClientId });
        ((Dictionary<string, object?>)sameClient["advanced"]!)["timeoutSeconds"] = 12;
        var kept = await admin.PutAsync($"{Settings(tenant)}/smtp", sameClient);
        var otherClient = await admin.PutAsync($"{Settings(tenant)}/smtp", Form(new { provider = "Microsoft365", directoryId = DirectoryId, clientId = "6a7b8c9d-1111-4222-8333-000000000000" }));
        var toGoogle = await admin.PutAsync($"{Settings(tenant)}/smtp", Form(new { provider = "Google", clientEmail = ServiceAccount }));

        Assert.Equal(200, kept.Status);
        Assert.True(kept.Json["ownSmtp"]!["oauth2"]!["secretSet"]!.GetValue<bool>());
        Assert.Equal(12, kept.Json["ownSmtp"]!["advanced"]!["timeoutSeconds"]!.GetValue<int>());
        Assert.Equal(400, otherClient.Status);
        Assert.NotEmpty(otherClient.As<ProblemView>().ErrorsFor("oauth2.clientSecret"));
        Assert.Equal(400, toGoogle.Status);
        Assert.NotEmpty(toGoogle.As<ProblemView>().ErrorsFor("oauth2.privateKey"));
    }

    [Fact]
    public async Task history_and_diff_show_the_secret_only_as_changed_and_the_other_fields_under_their_view_paths()
    {
        var (tenant, admin) = await TenantAsync();
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", Form(Microsoft()))).Status);

        var history = await admin.GetAsync($"{Settings(tenant)}/history");
        var diff = await admin.GetAsync($"{Settings(tenant)}/diff?from=2&to=3");

        var changes = history.Json["items"]!.AsArray()[^1]!["changes"]!.AsArray();
        Assert.Equal(changes.ToJsonString(), diff.Json["changes"]!.ToJsonString());
        var secret = changes.Single(c => c!["field"]!.GetValue<string>() == "oauth2.clientSecret")!;
        Assert.True(secret["secret"]!.GetValue<bool>());
        Assert.Null(secret["from"]);
        Assert.Null(secret["to"]);
        Assert.Equal("Microsoft365", Change(changes, "ownSmtp.oauth2.provider")!["to"]!.GetValue<string>());
        Assert.Equal(ClientId, Change(changes, "ownSmtp.oauth2.clientId")!["to"]!.GetValue<string>());
        Assert.Equal("OAuth2", Change(changes, "ownSmtp.advanced.authMechanism")!["to"]!.GetValue<string>());
        Assert.DoesNotContain(changes, c => c!["field"]!.GetValue<string>() == "password");
        AssertNoSecretIn(admin);
    }

    [Theory]
    [InlineData("Microsoft365")]
    [InlineData("Google")]
    [InlineData("Generic")]
    public async Task mail_to_a_client_goes_through_xoauth2_and_arrives(string provider)
    {
        var (tenant, admin) = await TenantAsync();
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", Form(OAuth2Of(provider)))).Status);
        var subject = $"OAuth {provider} {tenant}";

        var accepted = await admin.PostAsync($"/api/v1/tenants/{tenant}/emails", new { to = new[] { "klient@example.com" }, subject, textBody = "Przez XOAUTH2." });

        Assert.Equal(202, accepted.Status);
        var delivery = await FinishedAsync(admin, tenant, accepted.Json["id"]!.GetValue<string>());
        Assert.Equal("Sent", delivery["status"]!.GetValue<string>());
        var received = await factory.XOAuth2.WaitForMessageAsync(m => m.Message.Subject == subject, TimeSpan.FromSeconds(10));
        Assert.Equal(Mailbox, received.AuthenticatedUser);
        Assert.Equal(Mailbox, received.Message.From.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task a_token_endpoint_that_is_unavailable_for_now_is_retried_and_the_mail_is_sent()
    {
        var (tenant, admin) = await TenantAsync();
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", Form(Generic()))).Status);
        factory.Tokens.FailNext(1, 503);

        var accepted = await admin.PostAsync($"/api/v1/tenants/{tenant}/emails", new { to = new[] { "klient@example.com" }, subject = "Retry", textBody = "x" });

        var delivery = await FinishedAsync(admin, tenant, accepted.Json["id"]!.GetValue<string>());
        Assert.Equal("Sent", delivery["status"]!.GetValue<string>());
        Assert.Equal(2, delivery["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task a_token_refused_by_the_provider_fails_the_mail_at_once_at_the_token_stage()
    {
        var (tenant, admin) = await TenantAsync();
        var clientId = Guid.NewGuid().ToString();
        factory.Tokens.RegisterMicrosoftApp(DirectoryId, clientId, ClientSecret, Mailbox);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", Form(Microsoft(clientId: clientId)))).Status);
        factory.Tokens.RegisterMicrosoftApp(DirectoryId, clientId, "a-rotated-secret-nobody-typed-here", Mailbox);

        var accepted = await admin.PostAsync($"/api/v1/tenants/{tenant}/emails", new { to = new[] { "klient@example.com" }, subject = "Refused", textBody = "x" });

        var delivery = await FinishedAsync(admin, tenant, accepted.Json["id"]!.GetValue<string>());
        Assert.Equal("Failed", delivery["status"]!.GetValue<string>());
        Assert.Equal(1, delivery["attempts"]!.GetValue<int>());
        Assert.Equal("token", delivery["lastError"]!["stage"]!.GetValue<string>());
        Assert.Contains("client secret is wrong", delivery["lastError"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_kept_token_the_server_refuses_gets_one_fresh_token_and_the_test_passes()
    {
        var (tenant, admin) = await TenantAsync();
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", Form(Microsoft()))).Status);
        Assert.Equal(200, (await admin.PostAsync($"{Settings(tenant)}/smtp/test", null)).Status);
        var requestsBefore = factory.Tokens.Requests.Count;
        var failedBefore = factory.XOAuth2.FailedAuthentications;
        factory.Tokens.RevokeIssuedTokens();

        var reply = await admin.PostAsync($"{Settings(tenant)}/smtp/test", null);

        Assert.Equal(200, reply.Status);
        Assert.Equal(failedBefore + 1, factory.XOAuth2.FailedAuthentications);
        Assert.Equal(requestsBefore + 1, factory.Tokens.Requests.Count);
    }

    private async Task<(string Tenant, ApiClient Admin)> TenantAsync()
    {
        var tenant = $"oa-{RandomNumberGenerator.GetHexString(12, lowercase: true)}";
        var admin = factory.Client(Identity.TenantAdmin(tenant));
        Assert.Equal(201, (await admin.PutAsync($"{Settings(tenant)}/primary-email", new { primaryEmail = "biuro@acme.pl" })).Status);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "Biuro Acme" })).Status);
        return (tenant, admin);
    }

    private static string Settings(string tenant) => ApiClient.Settings(tenant);

    private Dictionary<string, object?> Form(object oauth2) => new()
    {
        ["senderEmail"] = Mailbox,
        ["host"] = "127.0.0.1",
        ["port"] = factory.XOAuth2.Port,
        ["security"] = "StartTls",
        ["username"] = Mailbox,
        ["advanced"] = new Dictionary<string, object?> { ["timeoutSeconds"] = 10, ["verifyCertificate"] = false },
        ["oauth2"] = oauth2,
    };

    private object OAuth2Of(string provider) => provider switch
    {
        "Microsoft365" => Microsoft(),
        "Google" => Google(GooglePrivateKey),
        _ => Generic(),
    };

    private static object Microsoft(string secret = ClientSecret, string clientId = ClientId) =>
        new { provider = "Microsoft365", directoryId = DirectoryId, clientId, clientSecret = secret };

    private static object Google(string privateKey) => new { provider = "Google", clientEmail = ServiceAccount, privateKey };

    private object Generic(string clientId = GenericClientId) =>
        new { provider = "Generic", tokenEndpoint = factory.Tokens.GenericTokenEndpoint, clientId, clientSecret = ClientSecret, scope = GenericScope };

    private static JsonNode? Change(JsonArray changes, string field) => changes.Single(c => c!["field"]!.GetValue<string>() == field);

    private static async Task<JsonNode> FinishedAsync(ApiClient client, string tenant, string id)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var reply = await client.GetAsync($"/api/v1/tenants/{tenant}/emails/{id}");
            Assert.Equal(200, reply.Status);
            if (reply.Json["status"]!.GetValue<string>() is "Sent" or "Failed")
            {
                return reply.Json;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"delivery {id} did not finish: {reply.Body}");
            await Task.Delay(100);
        }
    }

    private static void AssertNoSecretIn(ApiClient client) =>
        Assert.All(client.ResponseBodies, body => Assert.All(SuiteSecretScan.Passwords, secret => Assert.DoesNotContain(secret, body, StringComparison.Ordinal)));
}
