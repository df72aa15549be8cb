using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Domain.Tests.Smtp;

public sealed class SmtpEndpointTests
{
    [Theory]
    [InlineData("smtp.acme.pl", "smtp.acme.pl")]
    [InlineData("SMTP.Acme.PL", "smtp.acme.pl")]
    [InlineData("smtp.acme.pl.", "smtp.acme.pl")]
    [InlineData("localhost", "localhost")]
    [InlineData("smtp.żółw.pl", "smtp.żółw.pl")]
    [InlineData("192.0.2.10", "192.0.2.10")]
    [InlineData("::1", "::1")]
    [InlineData("[::1]", "::1")]
    [InlineData("[192.0.2.10]", "192.0.2.10")]
    [InlineData("2001:DB8::25", "2001:db8::25")]
    public void a_host_name_or_ip_literal_is_accepted_in_lower_case(string host, string expected)
    {
        Assert.True(SmtpEndpoint.TryCreate(host, 587, null, out var endpoint, out var error), error);
        Assert.Equal(expected, endpoint.Host);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("smtp acme.pl")]
    [InlineData("smtp_1.acme.pl")]
    [InlineData("-smtp.acme.pl")]
    [InlineData("smtp..acme.pl")]
    [InlineData("smtp.acme.pl:25")]
    [InlineData("smtp://smtp.acme.pl")]
    [InlineData("smtp.acme.pl\r\n")]
    [InlineData("[smtp.acme.pl]")]
    [InlineData("192.0.2.256")]
    [InlineData("192.0.2.1.5")]
    [InlineData("fe80::1%2")]
    public void an_invalid_host_is_rejected(string? host)
    {
        Assert.False(SmtpEndpoint.TryCreate(host, 587, null, out var endpoint, out var error));
        Assert.Null(endpoint);
        Assert.Equal(SmtpEndpoint.HostError(host), error);
    }

    [Theory]
    [InlineData("2130706433")]
    [InlineData("017700000001")]
    [InlineData("127.1")]
    [InlineData("0x7f.1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("0177.0.0.1")]
    [InlineData("127.0.0.01")]
    public void a_numeric_spelling_of_an_ipv4_address_other_than_the_dotted_quad_is_rejected(string host)
    {
        Assert.NotNull(SmtpEndpoint.HostError(host));
    }

    [Theory]
    [InlineData("0x7f000001")]
    [InlineData("0x7f.0x1")]
    [InlineData("127.0.0.0x1")]
    public void a_hexadecimal_spelling_of_an_ipv4_address_is_rejected(string host)
    {
        // Resolvers (inet_aton, IPAddress.TryParse, Dns.GetHostAddresses) read each of these as 127.0.0.1.
        Assert.NotNull(SmtpEndpoint.HostError(host));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    [InlineData(int.MinValue)]
    public void a_port_outside_1_to_65535_is_rejected(int port)
    {
        Assert.False(SmtpEndpoint.TryCreate("smtp.acme.pl", port, null, out var endpoint, out var error));
        Assert.Null(endpoint);
        Assert.Equal(SmtpEndpoint.PortError(port), error);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(25)]
    [InlineData(65535)]
    public void a_port_from_1_to_65535_is_accepted(int port)
    {
        Assert.Null(SmtpEndpoint.PortError(port));
        Assert.Equal(port, SmtpEndpoint.Create("smtp.acme.pl", port).Port);
    }

    [Fact]
    public void a_missing_port_is_rejected()
    {
        Assert.NotNull(SmtpEndpoint.PortError(null));
    }

    [Theory]
    [InlineData(465, SmtpSecurity.SslOnConnect)]
    [InlineData(587, SmtpSecurity.StartTls)]
    [InlineData(25, SmtpSecurity.StartTls)]
    [InlineData(2525, SmtpSecurity.StartTls)]
    public void without_security_the_port_decides_it(int port, SmtpSecurity expected)
    {
        Assert.Equal(expected, SmtpEndpoint.Create("smtp.acme.pl", port).Security);
    }

    [Theory]
    [InlineData(465, SmtpSecurity.StartTls)]
    [InlineData(465, SmtpSecurity.None)]
    [InlineData(587, SmtpSecurity.SslOnConnect)]
    [InlineData(25, SmtpSecurity.None)]
    public void an_explicit_security_wins_over_the_port_default(int port, SmtpSecurity security)
    {
        Assert.Equal(security, SmtpEndpoint.Create("smtp.acme.pl", port, security).Security);
    }

    [Fact]
    public void creating_an_invalid_endpoint_throws()
    {
        Assert.Throws<ArgumentException>(() => SmtpEndpoint.Create("smtp.acme.pl", 0));
    }

    [Fact]
    public void endpoints_with_the_same_values_are_equal()
    {
        Assert.Equal(SmtpEndpoint.Create("SMTP.acme.pl", 465), SmtpEndpoint.Create("smtp.acme.pl", 465, SmtpSecurity.SslOnConnect));
    }
}
