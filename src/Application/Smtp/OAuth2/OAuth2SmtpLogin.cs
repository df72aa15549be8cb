using MailKit.Net.Smtp;

namespace Desktomy.Email.Application.Smtp.OAuth2;

/// <summary>
/// Logs a connected session in with an access token for the mailbox. A kept token can be refused although it has not
/// expired (revoked, permissions changed): then one fresh token and one more try, on the same connection. A fresh
/// token that is refused is the settings' fault, and asking again would not help.
/// </summary>
public sealed class OAuth2SmtpLogin(OAuth2TokenSource tokens, TimeProvider clock)
{
    /// <exception cref="OAuth2TokenException">No token could be obtained.</exception>
    /// <exception cref="SmtpFailureException">Stage auth: the server does not offer XOAUTH2 or refused the token.</exception>
    public async Task AuthenticateAsync(SmtpClient client, OAuth2Client oauth2, string username, TokenCacheKey key, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        var token = await tokens.GetTokenAsync(oauth2, username, key, cancellationToken);
        try
        {
            await XOAuth2.AuthenticateAsync(client, username, token, cancellationToken);
        }
        catch (SmtpFailureException e) when (e.SmtpStatusCode == 535 && token.ObtainedAt < started)
        {
            tokens.Invalidate(key, token);
            var fresh = await tokens.GetTokenAsync(oauth2, username, key, cancellationToken);
            await XOAuth2.AuthenticateAsync(client, username, fresh, cancellationToken);
        }
    }
}
