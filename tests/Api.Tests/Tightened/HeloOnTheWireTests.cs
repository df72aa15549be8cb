using System.Net;
using System.Net.Sockets;
using System.Text;
using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Tightened;

/// <summary>An internationalised HELO name is sent as punycode: EHLO takes ASCII only.</summary>
public sealed class HeloOnTheWireTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task a_unicode_helo_name_is_sent_as_punycode()
    {
        var tenant = await ConfiguredTenantAsync();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var ehlo = ReadGreetingAsync(listener);
        var form = SmtpForm(Smtp.Plain, "None", password: null, username: null);
        form["port"] = ((IPEndPoint)listener.LocalEndpoint).Port;
        ((Dictionary<string, object?>)form["advanced"]!)["heloName"] = "poczta.żółw.pl";

        var reply = await Admin(tenant).PostAsync($"{Settings(tenant)}/smtp/test", form);

        Assert.Equal("EHLO poczta.xn--w-uga1v8h.pl", await ehlo.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(422, reply.Status); // the recording server refuses the session after the greeting
    }

    /// <summary>Answers the banner, records the client's greeting, then closes the session with 421.</summary>
    private static async Task<string> ReadGreetingAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("220 recorder ESMTP\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var line = await reader.ReadLineAsync() ?? string.Empty;
        await stream.WriteAsync(Encoding.ASCII.GetBytes("421 4.3.2 closing\r\n"));
        return line;
    }
}
