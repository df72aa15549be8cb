namespace Desktomy.Email.Application.Smtp.OAuth2;

/// <summary>Where the providers' token endpoints are (configuration section <c>Mail:OAuth2</c>).</summary>
public sealed class OAuth2Options
{
    public const string Section = "Mail:OAuth2";

    /// <summary>Entra ID's sign-in host; the token endpoint is <c>{authority}/{directoryId}/oauth2/v2.0/token</c>.</summary>
    public string MicrosoftAuthority { get; set; } = "https://login.microsoftonline.com";

    public string GoogleTokenEndpoint { get; set; } = "https://oauth2.googleapis.com/token";

    /// <summary>How long one token request may take, connection included.</summary>
    public int TimeoutSeconds { get; set; } = 15;
}
