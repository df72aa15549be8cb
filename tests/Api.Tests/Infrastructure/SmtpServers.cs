using System.Net;
using System.Net.Sockets;
using Desktomy.Email.MailCatcher;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>
/// Real in-process SMTP servers on loopback: implicit TLS, STARTTLS and plain, all requiring AUTH with a
/// self-signed certificate made for the run; plus a port nobody listens on and a server that never greets.
/// </summary>
public sealed class SmtpServers : IAsyncDisposable
{
    public const string Username = "poczta@acme.pl";
    public const string Password = "s3cret-Pa55word-for-tests";

    private readonly List<IAsyncDisposable> _owned = [];
    private System.Security.Cryptography.X509Certificates.X509Certificate2? _certificate;

    public MailCatcherServer Implicit { get; private set; } = null!;

    public MailCatcherServer StartTls { get; private set; } = null!;

    public MailCatcherServer Plain { get; private set; } = null!;

    /// <summary>The platform's own server: plain, no authentication, no SMTPUTF8, accepts everything.</summary>
    public MailCatcherServer Platform { get; private set; } = null!;

    public SilentServer Silent { get; private set; } = null!;

    public int ClosedPort { get; private set; }

    public async Task StartAsync()
    {
        _certificate = SelfSignedCertificate.Create("localhost");
        var certificate = _certificate;
        Implicit = await StartAsync(ListenerSecurity.SslOnConnect, certificate);
        StartTls = await StartAsync(ListenerSecurity.StartTls, certificate);
        Plain = await StartAsync(ListenerSecurity.None, null);
        Platform = await MailCatcherServer.StartAsync(new MailCatcherOptions { SmtpUtf8 = false });
        _owned.Add(Platform);
        Silent = SilentServer.Start();
        _owned.Add(Silent);
        ClosedPort = FreePort();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        _certificate?.Dispose();
    }

    private async Task<MailCatcherServer> StartAsync(ListenerSecurity security, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        var server = await MailCatcherServer.StartAsync(new MailCatcherOptions
        {
            Security = security,
            Certificate = certificate,
            Username = Username,
            Password = Password,
        });
        _owned.Add(server);
        return server;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
