using Desktomy.Email.Domain.Addresses;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Addresses;

public sealed class EmailAddressTests
{
    public static TheoryData<string> Valid =>
    [
        "biuro@acme.pl",
        "jan.kowalski+faktury@acme.pl",
        "o'brien@example.ie",
        "!#$%&'*+-/=?^_`{|}~@example.com",
        "jan@poczta.sub.example.com",
        "jan@123.acme.pl",
        "jan@żółw.pl",
        "zażółć@acme.pl",
        new string('a', 64) + "@acme.pl",
        new string('a', 64) + "@" + Strings.DomainOfLength(189),
    ];

    public static TheoryData<string> Invalid =>
    [
        "",
        "   ",
        "jan",
        "@acme.pl",
        "jan@",
        "jan@localhost",
        "jan@acme",
        new string('a', 65) + "@acme.pl",
        new string('a', 64) + "@" + Strings.DomainOfLength(190),
        "jan\r@acme.pl",
        "jan\n@acme.pl",
        "jan@acme.pl\r\nBcc: ktos@evil.pl",
        "jan\0@acme.pl",
        "jan@acme\0.pl",
        "jan\t@acme.pl",
        "jan\u2028@acme.pl",
        "jan kowalski@acme.pl",
        " jan@acme.pl",
        "jan@acme.pl ",
        "jan@ acme.pl",
        "jan\u00a0@acme.pl",
        "jan..kowalski@acme.pl",
        ".jan@acme.pl",
        "jan.@acme.pl",
        "\"jan\"@acme.pl",
        "\"jan kowalski\"@acme.pl",
        "ja\"n@acme.pl",
        "jan(komentarz)@acme.pl",
        "<jan@acme.pl>",
        "Jan <jan@acme.pl>",
        "jan,ola@acme.pl",
        "a@b@acme.pl",
        "jan@acme..pl",
        "jan@.acme.pl",
        "jan@-acme.pl",
        "jan@acme_pl.com",
        "jan@acme.pl:25",
        "jan@192.0.2.1",
        "jan@[192.0.2.1]",
    ];

    [Theory]
    [MemberData(nameof(Valid))]
    public void a_valid_address_is_accepted_as_typed(string value)
    {
        Assert.True(EmailAddress.TryCreate(value, out var address, out var error), error);
        Assert.Equal(value, address.Value);
        Assert.Equal(value, address.ToString());
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void an_invalid_address_is_rejected_with_a_reason(string value)
    {
        Assert.False(EmailAddress.TryCreate(value, out var address, out var error));
        Assert.Null(address);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void a_missing_address_is_rejected()
    {
        Assert.False(EmailAddress.TryCreate(null, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void creating_an_invalid_address_throws()
    {
        var error = Assert.Throws<ArgumentException>(() => EmailAddress.Create("jan@localhost"));

        Assert.Equal("value", error.ParamName);
    }

    [Fact]
    public void the_address_splits_into_local_part_and_domain()
    {
        var address = EmailAddress.Create("jan.kowalski@acme.pl");

        Assert.Equal("jan.kowalski", address.LocalPart);
        Assert.Equal("acme.pl", address.Domain);
    }

    [Fact]
    public void an_internationalised_domain_is_kept_as_typed_and_converts_to_punycode()
    {
        var address = EmailAddress.Create("jan@żółw.pl");

        Assert.Equal("żółw.pl", address.Domain);
        Assert.Equal("xn--w-uga1v8h.pl", address.AsciiDomain);
    }

    [Theory]
    [InlineData("zażółć@acme.pl", true)]
    [InlineData("jan@żółw.pl", false)]
    [InlineData("jan@acme.pl", false)]
    public void an_international_local_part_is_recognised(string value, bool international)
    {
        Assert.Equal(international, EmailAddress.Create(value).HasInternationalLocalPart);
    }

    [Fact]
    public void addresses_with_the_same_text_are_equal()
    {
        Assert.Equal(EmailAddress.Create("jan@acme.pl"), EmailAddress.Create("jan@acme.pl"));
        Assert.NotEqual(EmailAddress.Create("jan@acme.pl"), EmailAddress.Create("ola@acme.pl"));
    }

    [Fact]
    public void a_domain_ending_in_a_dot_is_rejected()
    {
        // RFC 5321 Domain and RFC 5322 dot-atom never end in a dot; servers refuse "jan@acme.pl." in RCPT TO.
        Assert.False(EmailAddress.TryCreate("jan@acme.pl.", out _, out _));
    }
}
