using Desktomy.Email.Application.Smtp.OAuth2;
using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Application.Smtp;

public static class SmtpTargets
{
    /// <summary>
    /// The settings version of a configuration that is being verified and not saved yet. No saved version is negative,
    /// so its tokens never mix with those of saved settings (and the cache drops them once a saved version gets one).
    /// </summary>
    public const long UnsavedVersion = -1;

    /// <param name="secret">The plaintext password, or with OAuth 2.0 the client secret or private key.</param>
    /// <param name="settingsVersion">The version the configuration was saved as, or <see cref="UnsavedVersion"/>.</param>
    public static SmtpTarget For(string tenantId, long settingsVersion, OwnSmtpConfiguration smtp, string? secret)
    {
        if (smtp.OAuth2 is not { } oauth2)
        {
            return new(smtp.Host, smtp.Port, smtp.Security, smtp.Username, secret, smtp.Advanced);
        }

        var google = oauth2.Provider == OAuth2Provider.Google;
        var client = new OAuth2Client(
            oauth2.Provider,
            oauth2.DirectoryId,
            oauth2.ClientId,
            ClientSecret: google ? null : secret,
            oauth2.ClientEmail,
            PrivateKey: google ? secret : null,
            oauth2.TokenEndpoint,
            oauth2.Scope);
        var cacheKey = TokenCacheKey.For(tenantId, settingsVersion, client, smtp.Username!);
        return new(smtp.Host, smtp.Port, smtp.Security, smtp.Username, null, smtp.Advanced, OAuth2: new SmtpOAuth2(client, cacheKey));
    }
}
