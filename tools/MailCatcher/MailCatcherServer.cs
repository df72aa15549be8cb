using System.Net;
using System.Security.Authentication;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Net;
using SmtpServerHost = SmtpServer.SmtpServer;

namespace Desktomy.Email.MailCatcher;

/// <summary>
/// An in-process SMTP server that accepts every message and keeps it in memory (and optionally on disk).
/// Built on the SmtpServer package; supports AUTH PLAIN/LOGIN (and XOAUTH2 when given a token validator), STARTTLS and implicit TLS.
/// </summary>
public sealed class MailCatcherServer : IAsyncDisposable
{
    private static readonly TimeSpan SessionDrainTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly List<CapturedMail> _messages = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly EmlDirectory? _emlDirectory;
    private readonly bool _keepMessages;
    private Action<CapturedMail>? _waiters;
    private Task _run = Task.CompletedTask;
    private SmtpServerHost? _host;
    private int _received;
    private int _connectionCount;
    private int _failedAuthentications;
    private int _disposed;

    private MailCatcherServer(MailCatcherOptions options)
    {
        _keepMessages = options.KeepMessages;
        if (options.OutputDirectory is { } directory)
        {
            _emlDirectory = new EmlDirectory(directory);
        }
    }

    /// <summary>
    /// Raised on a server thread after a message has been stored (and written to disk). If a handler throws,
    /// the client's DATA command is answered with 554.
    /// </summary>
    public event Action<CapturedMail>? MessageReceived;

    /// <summary>The port the server listens on (the real one when <see cref="MailCatcherOptions.Port"/> was 0).</summary>
    public int Port { get; private set; }

    /// <summary>A snapshot of the messages received so far, oldest first.</summary>
    public IReadOnlyList<CapturedMail> Messages
    {
        get
        {
            lock (_gate)
            {
                return _messages.ToArray();
            }
        }
    }

    /// <summary>Number of messages received so far, kept or not (no snapshot taken).</summary>
    public int Count => Volatile.Read(ref _received);

    /// <summary>Number of SMTP sessions (TCP connections) opened so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Number of AUTH attempts rejected so far.</summary>
    public int FailedAuthentications => Volatile.Read(ref _failedAuthentications);

    /// <summary>Starts a server and returns once its port accepts connections.</summary>
    /// <exception cref="ArgumentException">The options are inconsistent (e.g. TLS without a certificate).</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The address/port cannot be bound.</exception>
    public static async Task<MailCatcherServer> StartAsync(MailCatcherOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();

        var address = ParseAddress(options.Address);
        Validate(options);

        var server = new MailCatcherServer(options);
        try
        {
            await server.ListenAsync(options, address, cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Returns the first message (already received, when messages are kept, or arriving later) that matches <paramref name="predicate"/>.
    /// </summary>
    /// <exception cref="TimeoutException">No matching message arrived within <paramref name="timeout"/>.</exception>
    public async Task<CapturedMail> WaitForMessageAsync(Func<CapturedMail, bool> predicate, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(predicate);

        var found = new TaskCompletionSource<CapturedMail>(TaskCreationOptions.RunContinuationsAsynchronously);

        void Check(CapturedMail mail)
        {
            try
            {
                if (predicate(mail))
                {
                    found.TrySetResult(mail);
                }
            }
            catch (Exception ex)
            {
                found.TrySetException(ex);
            }
        }

        CapturedMail[] received;
        lock (_gate)
        {
            _waiters += Check;
            received = [.. _messages];
        }

        try
        {
            foreach (var mail in received)
            {
                Check(mail);
            }

            return await found.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(
                $"No matching message arrived within {timeout.TotalSeconds:0.###} s ({Count} message(s) received in total).",
                ex);
        }
        finally
        {
            lock (_gate)
            {
                _waiters -= Check;
            }
        }
    }

    /// <summary>Stops listening, ends open sessions and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _host?.Shutdown();

        // SmtpServer closes the listener (releasing the port) before it waits for open sessions, which the
        // cancellation also ends; a stuck session must not hang disposal. A failed start was already reported by StartAsync.
        await _run.WaitAsync(SessionDrainTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        _stop.Dispose();
    }

    private async Task ListenAsync(MailCatcherOptions options, IPAddress address, CancellationToken cancellationToken)
    {
        var endpoint = new EndpointDefinitionBuilder()
            .Endpoint(new IPEndPoint(address, options.Port))
            .IsSecure(options.Security == ListenerSecurity.SslOnConnect)
            .AllowUnsecureAuthentication(options.Security == ListenerSecurity.None)
            .AuthenticationRequired(options.Username is not null || options.BearerTokenValidator is not null)
            .SupportedSslProtocols(SslProtocols.None); // None = the OS defaults (TLS 1.2 and 1.3); SmtpServer's own default is TLS 1.2 only.

        if (options.Security != ListenerSecurity.None)
        {
            // SmtpServer advertises STARTTLS whenever a certificate is configured on a plain endpoint.
            endpoint.Certificate(options.Certificate!);
        }

        var serverOptions = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint.Build())
            .Build();

        var listenerFactory = options.BearerTokenValidator is null
            ? new NoDelayEndpointListenerFactory()
            : new NoDelayEndpointListenerFactory((context, stream) => new XOAuth2Stream(stream, XOAuth2Session.Of(context)));
        var listening = new TaskCompletionSource<EndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        listenerFactory.EndpointStarted += (_, e) => listening.TrySetResult(e.LocalEndPoint);

        var services = new ServiceProvider();
        services.Add(listenerFactory);
        services.Add(new CapturingMessageStore(OnMessage, options.Responder, options.BeforeReply));
        if (options.BearerTokenValidator is { } validator)
        {
            services.Add(new XOAuth2CommandFactory(options.SmtpUtf8));
            services.Add(new BearerTokenAuthenticator(validator, options.Username, options.Password, () => Interlocked.Increment(ref _failedAuthentications)));
        }
        else if (!options.SmtpUtf8)
        {
            services.Add(new AsciiOnlyCommandFactory());
        }

        // Without a configured user SmtpServer's default authenticator stays in place: AUTH is optional and any credentials pass.
        if (options.Username is { } username && options.BearerTokenValidator is null)
        {
            services.Add(new CredentialAuthenticator(username, options.Password!, () => Interlocked.Increment(ref _failedAuthentications)));
        }

        var host = new SmtpServerHost(serverOptions, services);
        host.SessionCreated += (_, _) => Interlocked.Increment(ref _connectionCount);
        _host = host;

        // SmtpServer binds and starts the TcpListener synchronously inside StartAsync, then raises EndpointStarted;
        // a bind failure faults the returned task instead.
        _run = host.StartAsync(_stop.Token);

        var first = await Task.WhenAny(listening.Task, _run).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (first != listening.Task)
        {
            await _run.ConfigureAwait(false);
            throw new InvalidOperationException("The SMTP server stopped before it started listening.");
        }

        Port = ((IPEndPoint)listening.Task.Result).Port;
    }

    private void OnMessage(CapturedMail mail, byte[] raw)
    {
        // Write the file first, so that whoever is woken up below can already read it.
        _emlDirectory?.Save(raw);

        Action<CapturedMail>? waiters;
        lock (_gate)
        {
            if (_keepMessages)
            {
                _messages.Add(mail);
            }

            waiters = _waiters;
            _received++;
        }

        waiters?.Invoke(mail);
        MessageReceived?.Invoke(mail);
    }

    private static IPAddress ParseAddress(string address)
    {
        if (string.Equals(address, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(address, out var parsed)
            ? parsed
            : throw new ArgumentException($"Address '{address}' is not an IP address.", nameof(address));
    }

    private static void Validate(MailCatcherOptions options)
    {
        if (options.Port is < 0 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Port, "Port must be between 0 and 65535.");
        }

        if (options.Security != ListenerSecurity.None && options.Certificate is null)
        {
            throw new ArgumentException($"Security {options.Security} needs a Certificate (see SelfSignedCertificate.Create).", nameof(options));
        }

        if (options.Certificate is { HasPrivateKey: false })
        {
            throw new ArgumentException("The certificate has no private key.", nameof(options));
        }

        if ((options.Username is null) != (options.Password is null))
        {
            throw new ArgumentException("Username and Password must be set together.", nameof(options));
        }
    }
}
