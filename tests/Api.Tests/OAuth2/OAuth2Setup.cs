using System.Security.Cryptography;
using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Application.Smtp.OAuth2;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Api.Tests.OAuth2;

/// <summary>The token client wired as the service wires it, pointed at a token double, and the tenants registered there.</summary>
internal static class OAuth2Setup
{
    public const string DirectoryId = "4f1c2d3e-0000-4000-8000-00000000abcd";
    public const string ClientId = "6a7b8c9d-1111-4222-8333-444455556666";
    public const string ClientSecret = "Xy7~Q8-oauth-client-secret-for-tests-0000";
    public const string Mailbox = "poczta@acme.pl";
    public const string ServiceAccount = "desktomy-mail@acme-workspace.iam.gserviceaccount.com";
    public const string GenericClientId = "desktomy-relay";
    public const string GenericScope = "smtp.send";

    public static readonly RSA GoogleKey = RSA.Create(2048);

    public static string GooglePrivateKey { get; } = GoogleKey.ExportPkcs8PrivateKeyPem();

    public static async Task<OAuth2TokenServer> StartRegisteredAsync(TimeProvider? clock = null)
    {
        var server = await OAuth2TokenServer.StartAsync(clock);
        server.RegisterMicrosoftApp(DirectoryId, ClientId, ClientSecret, Mailbox);
        server.RegisterGoogleServiceAccount(ServiceAccount, GoogleKey, [Mailbox], GoogleAssertion.GmailScope);
        server.RegisterGenericClient(GenericClientId, ClientSecret, GenericScope, Mailbox);
        return server;
    }

    public static TokenEndpointClient Client(OAuth2TokenServer server, TimeProvider? clock = null, bool allowPrivateHosts = true, int timeoutSeconds = 15) =>
        Client(new OAuth2Options { MicrosoftAuthority = server.MicrosoftAuthority, GoogleTokenEndpoint = server.GoogleTokenEndpoint, TimeoutSeconds = timeoutSeconds }, clock, allowPrivateHosts);

    public static TokenEndpointClient Client(OAuth2Options options, TimeProvider? clock = null, bool allowPrivateHosts = true)
    {
        var network = Options.Create(new SmtpNetworkOptions { AllowPrivateHosts = allowPrivateHosts });
        return new TokenEndpointClient(new SmtpHostGuard(network), network, Options.Create(options), clock ?? TimeProvider.System);
    }

    public static OAuth2Client MicrosoftApp(string secret = ClientSecret, string clientId = ClientId, string directory = DirectoryId) =>
        OAuth2Client.Microsoft365(directory, clientId, secret);

    public static OAuth2Client GoogleAccount(string? privateKey = null) => OAuth2Client.Google(ServiceAccount, privateKey ?? GooglePrivateKey);

    public static OAuth2Client GenericClient(OAuth2TokenServer server, string secret = ClientSecret, string clientId = GenericClientId) =>
        OAuth2Client.Generic(server.GenericTokenEndpoint, clientId, secret, GenericScope);
}
