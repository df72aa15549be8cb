using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Smtp.OAuth2;
using Desktomy.Email.Domain.Smtp;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Application.Smtp;

/// <summary>
/// Opens an authenticated MailKit session to a target: connect, negotiate TLS as configured (honouring
/// verifyCertificate), authenticate (with the password, or with an access token over XOAUTH2). Every failure becomes
/// an <see cref="SmtpFailureException"/> with the stage and a message a tenant admin can act on, except a token the
/// provider refused, which stays an <see cref="OAuth2TokenException"/> (stage token, with the provider's code).
/// </summary>
public sealed class SmtpConnector(SmtpHostGuard guard, OAuth2SmtpLogin oauth2Login, IOptions<PlatformMailOptions> platform)
{
    // Without a HELO name of the tenant's, we introduce ourselves by the platform's mail domain, not our machine's name.
    private readonly string _defaultHelo = platform.Value.Sender().MailDomain;

    /// <param name="beforeConnect">Runs once the guard has accepted the address, right before the socket opens.</param>
    public async Task<SmtpClient> ConnectAsync(SmtpTarget target, CancellationToken cancellationToken, Action? beforeConnect = null)
    {
        var certificateErrors = SslPolicyErrors.None;
        var client = new GuardedSmtpClient
        {
            Timeout = target.Advanced.TimeoutSeconds * 1000,
            CheckCertificateRevocation = false,
            ServerCertificateValidationCallback = (_, _, _, errors) =>
            {
                certificateErrors = errors;
                return !target.Advanced.VerifyCertificate || errors == SslPolicyErrors.None;
            },
        };
        client.LocalDomain = target.Advanced.HeloNameOnTheWire() ?? _defaultHelo;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(target.Advanced.TimeoutSeconds));
        var stage = SmtpStage.Connect;
        try
        {
            // The host name stays the TLS target; the socket goes to the address the guard checked.
            var address = await guard.ResolveAsync(target.Host, target.Trusted, timeout.Token);
            beforeConnect?.Invoke();
            // NoDelay: SMTP is many small request/reply exchanges, which Nagle and delayed ACKs can hold up ~40 ms each.
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, target.Port), timeout.Token);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            await client.ConnectAsync(socket, target.Host, target.Port, ToMailKit(target.Security), timeout.Token);
            stage = SmtpStage.Auth;
            await AuthenticateAsync(client, target, timeout.Token);
            return client;
        }
        catch (Exception e) when (e is not (SmtpHostRefusedException or AllowanceExceededException or OAuth2TokenException) && !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw SmtpFailures.Explain(e, stage, target, certificateErrors);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task AuthenticateAsync(SmtpClient client, SmtpTarget target, CancellationToken cancellationToken)
    {
        if (target.Username is null || target.Advanced.AuthMechanism == SmtpAuthMechanism.None)
        {
            return;
        }

        if (!client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
        {
            throw new SmtpFailureException(
                SmtpStage.Auth,
                null,
                permanent: true,
                message: client.IsSecure
                    ? "The server does not offer authentication: clear the login, or check the server name and port."
                    : "The server does not offer authentication on an unencrypted connection: choose StartTls or SslOnConnect.");
        }

        if (target.OAuth2 is { } oauth2)
        {
            await oauth2Login.AuthenticateAsync(client, oauth2.Client, target.Username, oauth2.CacheKey, cancellationToken);
            return;
        }

        var credentials = new NetworkCredential(target.Username, target.Password);
        SaslMechanism? mechanism = target.Advanced.AuthMechanism switch
        {
            SmtpAuthMechanism.Plain => new SaslMechanismPlain(credentials),
            SmtpAuthMechanism.Login => new SaslMechanismLogin(credentials),
            SmtpAuthMechanism.CramMd5 => new SaslMechanismCramMd5(credentials),
            _ => null,
        };

        if (mechanism is null)
        {
            await client.AuthenticateAsync(credentials, cancellationToken);
            return;
        }

        if (!client.AuthenticationMechanisms.Contains(mechanism.MechanismName))
        {
            throw new SmtpFailureException(
                SmtpStage.Auth,
                null,
                $"The server does not offer {mechanism.MechanismName} authentication; it offers {string.Join(", ", client.AuthenticationMechanisms)}. Choose Auto or one of those.",
                permanent: true);
        }

        await client.AuthenticateAsync(mechanism, cancellationToken);
    }

    private static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.None,
    };
}
