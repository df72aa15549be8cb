using SmtpServer;
using SmtpServer.Authentication;

namespace Desktomy.Email.MailCatcher;

/// <summary>
/// Checks an XOAUTH2 attempt's bearer token with the validator the catcher was given, and a PLAIN or LOGIN attempt
/// against the one configured user (none: refused). Reports every rejected attempt.
/// </summary>
internal sealed class BearerTokenAuthenticator(
    Func<string, string, CancellationToken, Task<bool>> validateToken,
    string? expectedUser,
    string? expectedPassword,
    Action onFailure) : IUserAuthenticator
{
    public async Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
    {
        var accepted = XOAuth2Session.Of(context).Attempting
            ? password.Length > 0 && await validateToken(user, password, cancellationToken).ConfigureAwait(false)
            : expectedUser is not null
                && string.Equals(user, expectedUser, StringComparison.Ordinal)
                && string.Equals(password, expectedPassword, StringComparison.Ordinal);

        if (!accepted)
        {
            onFailure();
        }

        return accepted;
    }
}
