using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Domain.Tests.Smtp;

public sealed class SmtpAdvancedOptionsTests
{
    [Fact]
    public void the_defaults_are_no_helo_name_30_seconds_verified_certificate_and_automatic_authentication()
    {
        Assert.Equal(new SmtpAdvancedOptions(null, 30, true, SmtpAuthMechanism.Auto), SmtpAdvancedOptions.Default);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(30, true)]
    [InlineData(300, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(301, false)]
    public void the_timeout_is_1_to_300_seconds(int seconds, bool valid)
    {
        Assert.Equal(valid, SmtpAdvancedOptions.IsValidTimeout(seconds));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("mail.acme.pl")]
    [InlineData("localhost")]
    [InlineData("mail.żółw.pl")]
    public void no_helo_name_or_a_host_name_is_a_valid_helo_name(string? heloName)
    {
        Assert.True(SmtpAdvancedOptions.IsValidHeloName(heloName));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("mail acme.pl")]
    [InlineData("mail_1.acme.pl")]
    [InlineData("-mail.acme.pl")]
    [InlineData("mail.acme.pl\r\nMAIL FROM:<ktos@evil.pl>")]
    [InlineData("2130706433")]
    public void anything_else_is_an_invalid_helo_name(string heloName)
    {
        Assert.False(SmtpAdvancedOptions.IsValidHeloName(heloName));
    }

    [Theory]
    [InlineData("poczta.żółw.pl", "poczta.xn--w-uga1v8h.pl")]
    [InlineData("app.acme.pl", "app.acme.pl")]
    public void the_helo_name_goes_on_the_wire_as_ascii(string heloName, string onTheWire)
    {
        Assert.Equal(onTheWire, (SmtpAdvancedOptions.Default with { HeloName = heloName }).HeloNameOnTheWire());
    }

    [Fact]
    public void without_a_helo_name_nothing_goes_on_the_wire()
    {
        Assert.Null(SmtpAdvancedOptions.Default.HeloNameOnTheWire());
    }
}
