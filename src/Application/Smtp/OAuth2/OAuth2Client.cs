using Desktomy.Email.Domain.Smtp;
namespace Desktomy.Email.Application.Smtp.OAuth2;

/// <summary>
/// The OAuth 2.0 client a tenant registered with its mail provider, as the contract's <c>oauth2</c> object names the
/// fields. <see cref="ClientSecret"/> and <see cref="PrivateKey"/> are secrets held in memory for the call only.
/// </summary>
public sealed record OAuth2Client(
    OAuth2Provider Provider,
    string? DirectoryId = null,
    string? ClientId = null,
    string? ClientSecret = null,
    string? ClientEmail = null,
    string? PrivateKey = null,
    string? TokenEndpoint = null,
    string? Scope = null)
{
    public static OAuth2Client Microsoft365(string directoryId, string clientId, string clientSecret) =>
        new(OAuth2Provider.Microsoft365, DirectoryId: directoryId, ClientId: clientId, ClientSecret: clientSecret);

    public static OAuth2Client Google(string clientEmail, string privateKeyPem) =>
        new(OAuth2Provider.Google, ClientEmail: clientEmail, PrivateKey: privateKeyPem);

    public static OAuth2Client Generic(string tokenEndpoint, string clientId, string clientSecret, string? scope = null) =>
        new(OAuth2Provider.Generic, ClientId: clientId, ClientSecret: clientSecret, TokenEndpoint: tokenEndpoint, Scope: scope);

    // A record prints every member; this one must never print a secret.
    public override string ToString() => Provider switch
    {
        OAuth2Provider.Microsoft365 => $"Microsoft365 (directory {DirectoryId}, client {ClientId}, secret {Set(ClientSecret)})",
        OAuth2Provider.Google => $"Google (service account {ClientEmail}, private key {Set(PrivateKey)})",
        _ => $"Generic ({TokenEndpoint}, client {ClientId}, secret {Set(ClientSecret)})",
    };

    private static string Set(string? secret) => secret is null ? "not set" : "set";
}
