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
/// <param name="decorate">Wraps each session's stream (plain, then after STARTTLS the TLS one), e.g. to translate its lines.</param>
internal sealed class NoDelayEndpointListenerFactory(Func<ISessionContext, Stream, Stream>? decorate = null) : EndpointListenerFactory
{
    public override IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        var listener = new TcpListener(endpointDefinition.Endpoint);
        listener.Start();
        var started = new EndpointEventArgs(endpointDefinition, listener.LocalEndpoint);
        OnEndpointStarted(started);
        return new Listener(listener, () => OnEndpointStopped(started), decorate);
    }

    private sealed class Listener(TcpListener listener, Action stopped, Func<ISessionContext, Stream, Stream>? decorate) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var socket = await listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
            socket.NoDelay = true;
            context.Properties.Add(EndpointListener.LocalEndPointKey, listener.LocalEndpoint);
            context.Properties.Add(EndpointListener.RemoteEndPointKey, socket.RemoteEndPoint!);
            return new SocketPipe(new NetworkStream(socket, ownsSocket: true), stream => decorate?.Invoke(context, stream) ?? stream);
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
        private readonly Func<Stream, Stream> _decorate;
        private Stream _stream;

        public SocketPipe(NetworkStream network, Func<Stream, Stream> decorate)
        {
            _network = network;
            _decorate = decorate;
            _stream = decorate(network);
            Input = PipeReader.Create(_stream);
            Output = PipeWriter.Create(_stream);
        }

        public PipeReader Input { get; private set; }

        public PipeWriter Output { get; private set; }

        public bool IsSecure { get; private set; }

        public SslProtocols SslProtocol { get; private set; } = SslProtocols.None;

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

            IsSecure = true;
            SslProtocol = tls.SslProtocol;
            _stream = _decorate(tls);
            Input = PipeReader.Create(_stream);
            Output = PipeWriter.Create(_stream);
        }

        public void Dispose()
        {
            _stream.Dispose();
            _network.Dispose();
        }
    }
}
