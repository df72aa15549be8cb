using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Desktomy.Email.Application.Smtp.OAuth2;

/// <summary>Authenticates a connected MailKit session with an access token (SASL XOAUTH2).</summary>
public static class XOAuth2
{
    public const string Mechanism = "XOAUTH2";

    /// <exception cref="SmtpFailureException">Stage auth: the server does not offer XOAUTH2, or refused the token.</exception>
    public static async Task AuthenticateAsync(SmtpClient client, string username, AccessToken token, CancellationToken cancellationToken)
    {
        if (!client.AuthenticationMechanisms.Contains(Mechanism))
        {
            var offered = client.AuthenticationMechanisms.Count == 0 ? "none" : string.Join(", ", client.AuthenticationMechanisms);
            throw new SmtpFailureException(
                SmtpStage.Auth,
                null,
                $"The server does not offer XOAUTH2 authentication (it offers {offered}): OAuth 2.0 needs the provider's SMTP server, e.g. smtp.office365.com or smtp.gmail.com on port 587 with StartTls.",
                permanent: true);
        }

        try
        {
            await client.AuthenticateAsync(new SaslMechanismOAuth2(username, token.Value), cancellationToken);
        }
        catch (AuthenticationException e)
        {
            throw Refused(e);
        }
    }

    /// <summary>
    /// A token the provider issued but its SMTP server refuses means the mailbox side is not set up; Microsoft answers
    /// 535 5.7.3 or 5.7.139 for all of those cases alike, so the hint names each of them.
    /// </summary>
    private static SmtpFailureException Refused(AuthenticationException e)
    {
        var code = (e.InnerException as SmtpCommandException)?.StatusCode is { } status ? (int)status : ReplyCode(e.Message);
        if (code is >= 400 and < 500)
        {
            return new SmtpFailureException(SmtpStage.Auth, code, $"The server refused the login for now ({code}); it may be throttling. Try again later.", e);
        }

        return new SmtpFailureException(
            SmtpStage.Auth,
            code ?? 535,
            $"The server refused the access token for the mailbox (it answered \"{Quote(e.Message)}\"). On Microsoft 365 (5.7.3, 5.7.139): SMTP AUTH must be on for the mailbox (Set-CASMailbox -SmtpClientAuthenticationDisabled $false), the app needs the SMTP.SendAsApp permission with admin consent, and its Exchange service principal (New-ServicePrincipal) needs FullAccess to the mailbox (Add-MailboxPermission). On Google: the username must be the mailbox the service account acts for.",
            e,
            permanent: true);
    }

    private static string Quote(string reply) => new([.. reply.Where(c => !char.IsControl(c)).Take(200)]);

    private static int? ReplyCode(string message) =>
        message.Length >= 3 && int.TryParse(message.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
}
