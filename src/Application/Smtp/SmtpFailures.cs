using System.Net.Security;
using System.Net.Sockets;
using Desktomy.Email.Domain.Smtp;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Desktomy.Email.Application.Smtp;

/// <summary>Turns what MailKit and the socket layer throw into a stage, a status code and an actionable message.</summary>
internal static class SmtpFailures
{
    public static SmtpFailureException Explain(Exception e, string stage, SmtpTarget target, SslPolicyErrors certificateErrors)
    {
        var server = $"{target.Host}:{target.Port}";
        return e switch
        {
            SmtpFailureException failure => failure,
            SslHandshakeException { InnerException: TimeoutException } => TimedOutOnConnect(e, target, server),
            SslHandshakeException when certificateErrors != SslPolicyErrors.None && target.Advanced.VerifyCertificate =>
                new SmtpFailureException(SmtpStage.Tls, null, $"The TLS certificate of {target.Host} is not trusted ({Describe(certificateErrors)}). Install a valid certificate on the server, or turn off verifyCertificate in the advanced settings.", e),
            SslHandshakeException when target.Security == SmtpSecurity.SslOnConnect =>
                new SmtpFailureException(SmtpStage.Tls, null, $"The TLS handshake with {server} failed. Port {target.Port} may not expect SSL on connect: port 587 and 25 usually use StartTls.", e),
            SslHandshakeException =>
                new SmtpFailureException(SmtpStage.Tls, null, $"The TLS handshake with {server} failed after STARTTLS.", e),
            NotSupportedException when stage == SmtpStage.Connect =>
                new SmtpFailureException(SmtpStage.Tls, null, $"The server at {server} does not offer STARTTLS. Choose SslOnConnect if it expects TLS on connect (usually port 465), or None.", e),
            AuthenticationException auth => AuthenticationFailed(auth),
            SmtpCommandException command =>
                new SmtpFailureException(stage, (int)command.StatusCode, $"The server answered {(int)command.StatusCode}: {command.Message}", e),
            SmtpProtocolException =>
                new SmtpFailureException(stage, null, $"The server at {server} broke the SMTP protocol; check that this is an SMTP server and port.", e),
            SocketException socket => new SmtpFailureException(SmtpStage.Connect, null, Describe(socket, server), e),
            OperationCanceledException or TimeoutException or IOException when stage == SmtpStage.Connect => TimedOutOnConnect(e, target, server),
            OperationCanceledException or TimeoutException =>
                new SmtpFailureException(stage, null, $"The server at {server} stopped answering within {target.Advanced.TimeoutSeconds} s.", e),
            _ => new SmtpFailureException(stage, null, $"Talking to {server} failed unexpectedly ({e.GetType().Name}).", e),
        };
    }

    /// <summary>
    /// MailKit raises the same exception for every refused AUTH; the server's code tells a wrong login (535, for good)
    /// from a temporary refusal (454, worth retrying).
    /// </summary>
    private static SmtpFailureException AuthenticationFailed(AuthenticationException e)
    {
        var code = (e.InnerException as SmtpCommandException)?.StatusCode is { } status ? (int)status : ReplyCodeIn(e.Message);
        return code is >= 400 and < 500
            ? new SmtpFailureException(SmtpStage.Auth, code, $"The server refused the login for now ({code}); it may be throttling. Try again later.", e)
            : new SmtpFailureException(SmtpStage.Auth, code ?? 535, "The server rejected the login or password.", e, permanent: true);
    }

    private static int? ReplyCodeIn(string message) =>
        message.Length >= 4 && message[3] == ':' && int.TryParse(message.AsSpan(0, 3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code)
            ? code
            : null;

    private static SmtpFailureException TimedOutOnConnect(Exception e, SmtpTarget target, string server)
    {
        if (target.Port == SmtpEndpoint.ImplicitTlsPort && target.Security != SmtpSecurity.SslOnConnect)
        {
            return new SmtpFailureException(SmtpStage.Tls, null, $"Port {target.Port} expects SSL on connect, not {target.Security}: choose SslOnConnect.", e);
        }

        return new SmtpFailureException(SmtpStage.Connect, null, $"The server at {server} did not answer within {target.Advanced.TimeoutSeconds} s. Check the server name, the port and the security setting.", e);
    }

    private static string Describe(SocketException e, string server) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => $"The connection to {server} was refused: check the server name and port.",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "The SMTP server name could not be found: check its spelling.",
        SocketError.TimedOut => $"The server at {server} did not answer: check the server name and port.",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => $"The server at {server} cannot be reached from our network.",
        _ => $"Could not connect to {server} ({e.SocketErrorCode}).",
    };

    private static string Describe(SslPolicyErrors errors) =>
        errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) ? "it was issued for another name"
        : errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) ? "it is self-signed or its issuer is not trusted"
        : "no certificate was sent";
}
