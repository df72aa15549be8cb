using Desktomy.Email.Domain.Smtp;

namespace Desktomy.Email.Domain.Tests.Smtp;

public sealed class SmtpCredentialsTests
{
    [Theory]
    [InlineData("poczta@acme.pl")]
    [InlineData("admin")]
    [InlineData("użytkownik z spacją")]
    public void a_login_of_1_to_256_printable_characters_is_valid(string username)
    {
        Assert.Null(SmtpCredentials.UsernameError(username));
    }

    [Fact]
    public void a_login_of_exactly_256_characters_is_valid()
    {
        Assert.Null(SmtpCredentials.UsernameError(new string('u', 256)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("poczta@acme.pl\r\n")]
    [InlineData("poczta\0")]
    [InlineData("poczta\u2028")]
    public void an_empty_login_or_one_with_control_characters_is_invalid(string username)
    {
        Assert.NotNull(SmtpCredentials.UsernameError(username));
    }

    [Fact]
    public void a_login_longer_than_256_characters_is_invalid()
    {
        Assert.NotNull(SmtpCredentials.UsernameError(new string('u', 257)));
    }

    [Theory]
    [InlineData("s3cret!")]
    [InlineData("hasło ze spacją")]
    [InlineData("tab\tallowed")]
    public void a_password_of_1_to_256_characters_without_line_breaks_or_nul_is_valid(string password)
    {
        Assert.Null(SmtpCredentials.PasswordError(password));
    }

    [Fact]
    public void a_password_of_exactly_256_characters_is_valid()
    {
        Assert.Null(SmtpCredentials.PasswordError(new string('p', 256)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("line\rbreak")]
    [InlineData("line\nbreak")]
    [InlineData("nul\0char")]
    public void an_empty_password_or_one_with_line_breaks_or_nul_is_invalid(string password)
    {
        Assert.NotNull(SmtpCredentials.PasswordError(password));
    }

    [Fact]
    public void a_password_longer_than_256_characters_is_invalid()
    {
        Assert.NotNull(SmtpCredentials.PasswordError(new string('p', 257)));
    }
}
