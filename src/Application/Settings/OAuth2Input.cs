using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Smtp.OAuth2;
using Desktomy.Email.Domain;
using Desktomy.Email.Domain.Addresses;
using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;
using FluentValidation;

namespace Desktomy.Email.Application.Settings;

/// <summary>
/// The form's <c>oauth2</c> object. <see cref="ClientSecret"/> and <see cref="PrivateKey"/> are write-only secrets;
/// omitted (or blank) they mean "keep the stored one". Fields the provider does not use are not stored.
/// </summary>
public sealed record OAuth2Input(
    string? Provider,
    string? DirectoryId,
    string? ClientId,
    string? ClientSecret,
    string? ClientEmail,
    string? PrivateKey,
    string? TokenEndpoint,
    string? Scope)
{
    public OAuth2Provider? ChosenProvider() => Choice.Parse<OAuth2Provider>(Provider);

    /// <summary>The secret this provider uses, as typed; null when none was typed.</summary>
    public string? TypedSecret() => Blank(ChosenProvider() == OAuth2Provider.Google ? PrivateKey : ClientSecret);

    /// <summary>The settings to store, with <paramref name="sealedSecret"/>; only for a validated input.</summary>
    public OwnSmtpOAuth2 ToOAuth2(string? sealedSecret) => ChosenProvider()!.Value switch
    {
        OAuth2Provider.Microsoft365 => new(OAuth2Provider.Microsoft365, DirectoryId!.Trim(), ClientId!.Trim(), null, null, null, sealedSecret),
        OAuth2Provider.Google => new(OAuth2Provider.Google, null, null, EmailAddress.Create(ClientEmail!).Value, null, null, sealedSecret),
        _ => new(OAuth2Provider.Generic, null, ClientId!.Trim(), null, TokenEndpoint!.Trim(), Blank(Scope)?.Trim(), sealedSecret),
    };

    // A record prints every member; this one carries a client secret or a private key.
    public override string ToString() => $"{nameof(OAuth2Input)} {{ Provider = {Provider} }}";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>The rules of the <c>oauth2</c> object, reported under the request's paths (<c>oauth2.clientId</c>, …).</summary>
public sealed class OAuth2InputValidator : AbstractValidator<OAuth2Input>
{
    public const int MaxIdLength = 256;
    public const int MaxClientSecretLength = 1024;
    public const int MaxPrivateKeyLength = 8192;

    public static readonly OAuth2InputValidator Instance = new();

    public OAuth2InputValidator()
    {
        RuleFor(o => o.Provider).Satisfies(value => value is null ? $"Choose the provider: one of {string.Join(", ", Enum.GetNames<OAuth2Provider>())}." : Choice.Error<OAuth2Provider>(value), "oauth2.provider");
        When(o => o.ChosenProvider() == OAuth2Provider.Microsoft365, () =>
        {
            RuleFor(o => o.DirectoryId).Satisfies(
                value => TokenRequest.IsValidDirectoryId(value?.Trim())
                    ? null
                    : "The directory ID must be the Microsoft 365 tenant's ID (a GUID) or one of its domains, e.g. contoso.onmicrosoft.com.",
                "oauth2.directoryId");
            RuleFor(o => o.ClientId).Satisfies(value => IdError(value, "client ID"), "oauth2.clientId");
            RuleFor(o => o.ClientSecret).Satisfies(ClientSecretError, "oauth2.clientSecret");
        });
        When(o => o.ChosenProvider() == OAuth2Provider.Google, () =>
        {
            RuleFor(o => o.ClientEmail).Satisfies(
                value => EmailAddress.TryCreate(value, out _, out _) ? null : "The client e-mail must be the service account's client_email, like name@project.iam.gserviceaccount.com.",
                "oauth2.clientEmail");
            // The key is checked, never quoted: PrivateKeyCheck's answers name what is wrong, not what was sent.
            RuleFor(o => o.PrivateKey).Satisfies(
                value => string.IsNullOrWhiteSpace(value) ? null
                    : value.Length > MaxPrivateKeyLength ? $"The private key must have at most {MaxPrivateKeyLength} characters."
                    : PrivateKeyCheck.Problem(value),
                "oauth2.privateKey");
        });
        When(o => o.ChosenProvider() == OAuth2Provider.Generic, () =>
        {
            RuleFor(o => o.TokenEndpoint).Satisfies(TokenEndpointError, "oauth2.tokenEndpoint");
            RuleFor(o => o.ClientId).Satisfies(value => IdError(value, "client ID"), "oauth2.clientId");
            RuleFor(o => o.ClientSecret).Satisfies(ClientSecretError, "oauth2.clientSecret");
            RuleFor(o => o.Scope).Satisfies(
                value => value is null || (value.Length <= MaxIdLength && !TextRules.HasControlCharacters(value)) ? null : $"The scope must have at most {MaxIdLength} printable characters.",
                "oauth2.scope");
        });
    }

    private static string? IdError(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) || value.Trim().Length > MaxIdLength || TextRules.HasControlCharacters(value)
            ? $"The {name} is required: 1 to {MaxIdLength} printable characters."
            : null;

    private static string? ClientSecretError(string? value) =>
        string.IsNullOrEmpty(value) || (value.Length <= MaxClientSecretLength && !TextRules.HasControlCharacters(value))
            ? null
            : $"The client secret must have at most {MaxClientSecretLength} printable characters.";

    /// <summary>https, or plain http to loopback (the private-host guard then decides whether that is allowed here).</summary>
    private static string? TokenEndpointError(string? value) =>
        !Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || !string.IsNullOrEmpty(uri.Fragment)
            ? "The token endpoint must be an absolute https URL, like https://auth.example.com/oauth2/token."
            : uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)
                ? null
                : "The token endpoint must be an https URL.";
}
