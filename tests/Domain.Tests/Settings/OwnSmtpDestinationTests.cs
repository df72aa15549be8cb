using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Settings;

public sealed class OwnSmtpDestinationTests
{
    private static readonly OwnSmtpConfiguration Stored = A.SmtpConfiguration(A.StoredPassword);

    [Fact]
    public void the_password_and_advanced_options_are_not_part_of_the_destination()
    {
        var other = Stored with
        {
            SealedPassword = A.TypedPassword,
            Advanced = new SmtpAdvancedOptions("mail.acme.pl", 5, false, SmtpAuthMechanism.CramMd5),
        };

        Assert.True(Stored.HasSameDestination(other));
    }

    [Theory]
    [InlineData("senderEmail")]
    [InlineData("host")]
    [InlineData("port")]
    [InlineData("security")]
    [InlineData("username")]
    [InlineData("no username")]
    public void each_part_of_the_destination_counts(string field)
    {
        var other = field switch
        {
            "senderEmail" => Stored with { SenderEmail = "kontakt@acme.pl" },
            "host" => Stored with { Host = "mail.acme.pl" },
            "port" => Stored with { Port = 2465 },
            "security" => Stored with { Security = SmtpSecurity.StartTls },
            "username" => Stored with { Username = "admin@acme.pl" },
            "no username" => Stored with { Username = null },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };

        Assert.False(Stored.HasSameDestination(other));
    }
}
