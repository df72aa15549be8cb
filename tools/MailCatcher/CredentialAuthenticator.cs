using SmtpServer;
using SmtpServer.Authentication;

namespace Desktomy.Email.MailCatcher;

/// <summary>Accepts exactly one user name / password pair and reports every rejected attempt.</summary>
internal sealed class CredentialAuthenticator(string expectedUser, string expectedPassword, Action onFailure) : IUserAuthenticator
{
    public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
    {
        var accepted = string.Equals(user, expectedUser, StringComparison.Ordinal)
            && string.Equals(password, expectedPassword, StringComparison.Ordinal);

        if (!accepted)
        {
            onFailure();
        }

        return Task.FromResult(accepted);
    }
}
