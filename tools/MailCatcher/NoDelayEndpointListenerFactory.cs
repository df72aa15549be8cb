using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;

namespace Desktomy.Email.MailCatcher;

/// <summary>
/// SmtpServer's listener, except that accepted sockets send without Nagle's delay. SmtpServer writes each reply of a
/// pipelined batch (MAIL, RCPT, DATA) separately; with Nagle on, the second reply waited for the client's delayed ACK,
/// about 40 ms per message. The built-in listener gives no access to the accepted socket, hence this copy.
/// </summary>
internal sealed class NoDelayEndpointListenerFactory : EndpointListenerFactory
{
    public override IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        var listener = new TcpListener(endpointDefinition.Endpoint);
        listener.Start();
        var started = new EndpointEventArgs(endpointDefinition, listener.LocalEndpoint);
        OnEndpointStarted(started);
        return new Listener(listener, () => OnEndpointStopped(started));
    }

    private sealed class Listener(TcpListener listener, Action stopped) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var socket = await listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
            socket.NoDelay = true;
            context.Properties.Add(EndpointListener.LocalEndPointKey, listener.LocalEndpoint);
            context.Properties.Add(EndpointListener.RemoteEndPointKey, socket.RemoteEndPoint!);
            return new SocketPipe(new NetworkStream(socket, ownsSocket: true));
        }

        public void Dispose()
        {
            listener.Stop();
            stopped();
        }
    }

    /// <summary>A duplex pipe over the connection's stream that STARTTLS can upgrade in place.</summary>
    private sealed class SocketPipe : ISecurableDuplexPipe
    {
        private readonly NetworkStream _network;
        private Stream _stream;

        public SocketPipe(NetworkStream network)
        {
            _network = network;
            _stream = network;
            Input = PipeReader.Create(network);
            Output = PipeWriter.Create(network);
        }

        public PipeReader Input { get; private set; }

        public PipeWriter Output { get; private set; }

        public bool IsSecure => _stream is SslStream;

        public SslProtocols SslProtocol => (_stream as SslStream)?.SslProtocol ?? SslProtocols.None;

        public async Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default)
        {
            var tls = new SslStream(_network, leaveInnerStreamOpen: true);
            try
            {
                await tls.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions
                    {
                        ServerCertificate = certificate,
                        ClientCertificateRequired = false,
                        EnabledSslProtocols = protocols,
                        CertificateRevocationCheckMode = X509RevocationMode.NoCheck, // no client certificate, nothing to check
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await tls.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            _stream = tls;
            Input = PipeReader.Create(tls);
            Output = PipeWriter.Create(tls);
        }

        public void Dispose()
        {
            _stream.Dispose();
            _network.Dispose();
        }
    }
}
