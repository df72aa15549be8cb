using Desktomy.Email.Domain.Smtp;
using System.Text.RegularExpressions;

namespace Desktomy.Email.Application.Smtp.OAuth2;

/// <summary>The form post that asks a provider's token endpoint for an SMTP access token.</summary>
public sealed partial record TokenRequest(Uri Endpoint, IReadOnlyList<KeyValuePair<string, string>> Form)
{
    public const string MicrosoftScope = "https://outlook.office365.com/.default";
    public const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /// <summary>A directory (tenant) is named by its GUID or one of its domains; nothing else may enter the URL path.</summary>
    public static bool IsValidDirectoryId(string? directoryId) => directoryId is not null && DirectoryIdPattern().IsMatch(directoryId);

    /// <exception cref="OAuth2TokenException">A field the provider needs is missing or malformed.</exception>
    public static TokenRequest For(OAuth2Client client, string username, OAuth2Options options, DateTimeOffset now) => client.Provider switch
    {
        OAuth2Provider.Microsoft365 => Microsoft(client, options),
        OAuth2Provider.Google => Google(client, username, options, now),
        _ => Generic(client),
    };

    // The form holds the client secret or the signed assertion.
    public override string ToString() => $"token request to {Endpoint}";

    private static TokenRequest Microsoft(OAuth2Client client, OAuth2Options options)
    {
        if (!IsValidDirectoryId(client.DirectoryId))
        {
            throw Incomplete("The directory ID must be the Microsoft 365 tenant's ID (a GUID) or one of its domains, e.g. contoso.onmicrosoft.com.");
        }

        var endpoint = Configured($"{options.MicrosoftAuthority.TrimEnd('/')}/{client.DirectoryId}/oauth2/v2.0/token");
        return new TokenRequest(endpoint, ClientCredentials(client, MicrosoftScope));
    }

    private static TokenRequest Google(OAuth2Client client, string username, OAuth2Options options, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(client.ClientEmail) || client.PrivateKey is null)
        {
            throw Incomplete("A Google service account needs its client_email and private_key.");
        }

        var endpoint = Configured(options.GoogleTokenEndpoint);
        var assertion = GoogleAssertion.Create(client.ClientEmail, client.PrivateKey, username, endpoint.AbsoluteUri, now);
        return new TokenRequest(endpoint, [new("grant_type", JwtBearerGrant), new("assertion", assertion)]);
    }

    private static TokenRequest Generic(OAuth2Client client)
    {
        if (client.TokenEndpoint is null || !Uri.TryCreate(client.TokenEndpoint, UriKind.Absolute, out var endpoint))
        {
            throw Incomplete("The token endpoint must be an absolute https URL.");
        }

        return new TokenRequest(endpoint, ClientCredentials(client, client.Scope));
    }

    private static List<KeyValuePair<string, string>> ClientCredentials(OAuth2Client client, string? scope)
    {
        if (string.IsNullOrEmpty(client.ClientId) || string.IsNullOrEmpty(client.ClientSecret))
        {
            throw Incomplete("Client credentials need the client ID and the client secret.");
        }

        List<KeyValuePair<string, string>> form =
        [
            new("grant_type", "client_credentials"),
            new("client_id", client.ClientId),
            new("client_secret", client.ClientSecret),
        ];
        if (!string.IsNullOrEmpty(scope))
        {
            form.Add(new("scope", scope));
        }

        return form;
    }

    private static Uri Configured(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new InvalidOperationException($"The configured token endpoint '{url}' is not an absolute URL.");

    private static OAuth2TokenException Incomplete(string message) => new(message, providerError: null, permanent: true);

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DirectoryIdPattern();
}
