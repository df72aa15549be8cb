namespace Desktomy.Email.Application.Smtp.OAuth2;

/// <summary>
/// No access token could be obtained. The message says what to fix and is written for a tenant admin; it never holds a
/// secret. <see cref="ProviderError"/> is the provider's own code (<c>invalid_client</c>, <c>AADSTS7000215</c>, …).
/// </summary>
public sealed class OAuth2TokenException(string message, string? providerError, bool permanent, int? httpStatusCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The stage the API reports for every token failure.</summary>
    public const string TokenStage = "token";

    public string Stage { get; } = TokenStage;

    public string? ProviderError { get; } = providerError;

    /// <summary>Asking again cannot help until the settings change (a 4xx answer); false for 5xx, 429 and timeouts.</summary>
    public bool Permanent { get; } = permanent;

    public int? HttpStatusCode { get; } = httpStatusCode;
}
