using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Domain.Settings;

/// <summary>
/// OAuth 2.0 (XOAUTH2) authentication of own SMTP as stored in events: who issues the access token and for which
/// client. <see cref="SealedSecret"/> is the client secret (Microsoft 365, Generic) or the service account's private
/// key (Google), encrypted with the tenant's data key; fields a provider does not use are null.
/// </summary>
public sealed record OwnSmtpOAuth2(
    OAuth2Provider Provider,
    string? DirectoryId,
    string? ClientId,
    string? ClientEmail,
    string? TokenEndpoint,
    string? Scope,
    string? SealedSecret)
{
    public const string ClientSecretField = "oauth2.clientSecret";
    public const string PrivateKeyField = "oauth2.privateKey";

    /// <summary>The request's and the history's name of the secret this provider uses.</summary>
    public string SecretField() => Provider == OAuth2Provider.Google ? PrivateKeyField : ClientSecretField;

    /// <summary>What the secret is called in a message to the tenant admin.</summary>
    public string SecretName() => Provider == OAuth2Provider.Google ? "private key" : "client secret";

    /// <summary>A secret is bound to the client it was entered for, at the issuer it was entered for.</summary>
    public bool HasSameClient(OwnSmtpOAuth2 other) =>
        Provider == other.Provider
        && string.Equals(DirectoryId, other.DirectoryId, StringComparison.Ordinal)
        && string.Equals(ClientId, other.ClientId, StringComparison.Ordinal)
        && string.Equals(ClientEmail, other.ClientEmail, StringComparison.Ordinal)
        && string.Equals(TokenEndpoint, other.TokenEndpoint, StringComparison.Ordinal);
}
