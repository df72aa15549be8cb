using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Settings;

public sealed class PasswordSourceForTests
{
    private static readonly OwnSmtpConfiguration Stored = A.SmtpConfiguration(A.StoredPassword);
    private static readonly OwnSmtpConfiguration RequestedWithLogin = A.SmtpConfiguration(sealedPassword: null);
    private static readonly OwnSmtpConfiguration RequestedWithoutLogin = RequestedWithLogin with { Username = null };

    [Fact]
    public void no_login_and_no_password_means_no_password()
    {
        Assert.Equal(PasswordSource.None, EmailSettingsDecider.PasswordSourceFor(Stored, RequestedWithoutLogin, passwordTyped: false));
    }

    [Fact]
    public void a_typed_password_with_a_login_is_used()
    {
        Assert.Equal(PasswordSource.Typed, EmailSettingsDecider.PasswordSourceFor(null, RequestedWithLogin, passwordTyped: true));
    }

    [Fact]
    public void the_stored_password_is_used_for_the_same_destination()
    {
        Assert.Equal(PasswordSource.Stored, EmailSettingsDecider.PasswordSourceFor(Stored, RequestedWithLogin, passwordTyped: false));
    }

    [Fact]
    public void the_stored_password_is_not_used_for_another_destination()
    {
        var elsewhere = RequestedWithLogin with { Host = "mail.acme.pl" };

        var error = Assert.Throws<SettingsRuleViolationException>(() => EmailSettingsDecider.PasswordSourceFor(Stored, elsewhere, passwordTyped: false));

        Assert.Equal("password", error.Field);
    }
}
