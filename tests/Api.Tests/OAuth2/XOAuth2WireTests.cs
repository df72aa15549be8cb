using System.Net;
using System.Net.Sockets;
using System.Text;
using Desktomy.Email.MailCatcher;

namespace Desktomy.Email.Api.Tests.OAuth2;

/// <summary>The mail catcher's XOAUTH2 as a client without MailKit speaks it, line by line.</summary>
public sealed class XOAuth2WireTests
{
    private const string Token = "EwB-valid-token";

    [Fact]
    public async Task ehlo_offers_xoauth2_and_the_response_may_follow_an_empty_challenge()
    {
        await using var server = await StartAsync();
        using var session = await SmtpSession.OpenAsync(server.Port);

        var ehlo = await session.SendAsync("EHLO client.example.com");
        var challenge = await session.SendAsync("AUTH XOAUTH2");
        var accepted = await session.SendAsync(InitialResponse("poczta@acme.pl", Token));

        Assert.Contains("AUTH PLAIN LOGIN XOAUTH2", ehlo, StringComparison.Ordinal);
        Assert.StartsWith("334", challenge, StringComparison.Ordinal);
        Assert.StartsWith("235", accepted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_refused_token_is_answered_like_microsoft_and_the_session_stays_open()
    {
        await using var server = await StartAsync();
        using var session = await SmtpSession.OpenAsync(server.Port);
        await session.SendAsync("EHLO client.example.com");

        var refused = await session.SendAsync($"AUTH XOAUTH2 {InitialResponse("poczta@acme.pl", "forged")}");
        var malformed = await session.SendAsync("AUTH XOAUTH2 bm90LXhvYXV0aDI=");
        var accepted = await session.SendAsync($"AUTH XOAUTH2 {InitialResponse("poczta@acme.pl", Token)}");

        Assert.Equal("535 5.7.3 Authentication unsuccessful", refused);
        Assert.Equal("535 5.7.3 Authentication unsuccessful", malformed);
        Assert.StartsWith("235", accepted, StringComparison.Ordinal);
    }

    private static Task<MailCatcherServer> StartAsync() => MailCatcherServer.StartAsync(new MailCatcherOptions
    {
        BearerTokenValidator = (user, token, _) => Task.FromResult(user == "poczta@acme.pl" && token == Token),
    });

    private static string InitialResponse(string user, string token) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"user={user}\u0001auth=Bearer {token}\u0001\u0001"));

    private sealed class SmtpSession : IDisposable
    {
        private readonly TcpClient _tcp;
        private readonly StreamReader _reader;
        private readonly StreamWriter _writer;

        private SmtpSession(TcpClient tcp)
        {
            _tcp = tcp;
            _reader = new StreamReader(tcp.GetStream(), Encoding.ASCII);
            _writer = new StreamWriter(tcp.GetStream(), Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        }

        public static async Task<SmtpSession> OpenAsync(int port)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            var session = new SmtpSession(tcp);
            await session.ReplyAsync();
            return session;
        }

        /// <summary>Sends one line and returns the whole reply, its lines joined by newlines.</summary>
        public async Task<string> SendAsync(string line)
        {
            await _writer.WriteLineAsync(line);
            return await ReplyAsync();
        }

        public void Dispose()
        {
            _reader.Dispose();
            _writer.Dispose();
            _tcp.Dispose();
        }

        private async Task<string> ReplyAsync()
        {
            var lines = new List<string>();
            string? line;
            do
            {
                line = await _reader.ReadLineAsync() ?? throw new IOException("The server closed the connection.");
                lines.Add(line);
            }
            while (line.Length > 3 && line[3] == '-');

            return string.Join('\n', lines);
        }
    }
}
