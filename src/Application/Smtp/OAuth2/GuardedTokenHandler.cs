using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Desktomy.Email.Application.Smtp.OAuth2;

/// <summary>
/// The HTTP handler for token requests. Every connection is made by <see cref="ConnectAsync"/>: the host is resolved
/// and checked by the private-host guard before a socket exists, and the socket goes to the address that was checked,
/// so neither a DNS answer nor a redirect can lead a request to an internal or metadata address. No proxy, no
/// redirects, no certificate downloads (an AIA URL in a certificate could point anywhere).
/// </summary>
public static class GuardedTokenHandler
{
    public static SocketsHttpHandler Create(SmtpHostGuard guard, TimeSpan connectTimeout) => new()
    {
        ConnectCallback = (context, cancellationToken) => ConnectAsync(guard, context, cancellationToken),
        ConnectTimeout = connectTimeout,
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        SslOptions = new SslClientAuthenticationOptions
        {
            CertificateChainPolicy = new X509ChainPolicy { DisableCertificateDownloads = true, RevocationMode = X509RevocationMode.NoCheck },
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        },
    };

    private static async ValueTask<Stream> ConnectAsync(SmtpHostGuard guard, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var address = await guard.ResolveAsync(context.DnsEndPoint.Host, trusted: false, cancellationToken);
        if (context.InitialRequestMessage.RequestUri?.Scheme != Uri.UriSchemeHttps && !IPAddress.IsLoopback(address))
        {
            throw new TokenEndpointRefusedException(context.DnsEndPoint.Host);
        }

        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
