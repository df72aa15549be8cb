using Desktomy.Email.Domain.Addresses;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Addresses;

public sealed class HostNameTests
{
    public static TheoryData<string> Valid =>
    [
        "smtp.acme.pl",
        "localhost",
        "mail-1.acme.pl",
        "123.acme.pl",
        "smtp.acme.pl.",
        "smtp.żółw.pl",
        new string('a', 63) + ".pl",
        Strings.DomainOfLength(253),
    ];

    public static TheoryData<string> Invalid =>
    [
        "",
        ".",
        new string('a', 64) + ".pl",
        Strings.DomainOfLength(254),
        "-smtp.acme.pl",
        "smtp-.acme.pl",
        "smtp_1.acme.pl",
        "smtp..acme.pl",
        ".acme.pl",
        "smtp acme.pl",
        "smtp.acme.pl\r\n",
        "smtp.acme.pl:25",
        "192.0.2.1",
        "2130706433",
        "127.1",
        "0x7f.1",
    ];

    [Theory]
    [MemberData(nameof(Valid))]
    public void a_valid_host_name_is_accepted(string value)
    {
        Assert.True(HostName.IsValid(value));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void an_invalid_host_name_is_rejected(string value)
    {
        Assert.False(HostName.IsValid(value));
    }

    [Fact]
    public void a_missing_host_name_is_rejected()
    {
        Assert.False(HostName.IsValid(null));
    }

    [Fact]
    public void an_internationalised_host_name_converts_to_punycode()
    {
        Assert.True(HostName.TryToAscii("smtp.żółw.pl", out var ascii));
        Assert.Equal("smtp.xn--w-uga1v8h.pl", ascii);
    }
}
