using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Settings;

public sealed class ConfigureOwnSmtpTests
{
    [Fact]
    public void a_first_configuration_enables_own_smtp_with_the_typed_sealed_password()
    {
        var state = Given.Events(A.PrimaryEmailSet());

        var events = When.Deciding(state, A.ConfigureOwnSmtp(sealedPassword: A.TypedPassword));

        Then.Emits(events, new OwnSmtpEnabled(Given.Tenant, A.SmtpConfiguration(A.TypedPassword), Given.Now));
    }

    [Fact]
    public void a_configuration_without_login_enables_own_smtp_without_a_password()
    {
        var state = Given.Events(A.PrimaryEmailSet());

        var events = When.Deciding(state, A.ConfigureOwnSmtp(sealedPassword: null, port: 25, security: SmtpSecurity.None, username: null));

        var expected = new OwnSmtpConfiguration(A.SenderEmail, A.Host, 25, SmtpSecurity.None, null, null, SmtpAdvancedOptions.Default);
        Then.Emits(events, new OwnSmtpEnabled(Given.Tenant, expected, Given.Now));
    }

    [Fact]
    public void a_changed_configuration_while_enabled_updates_own_smtp()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(A.SmtpConfiguration(A.StoredPassword)));
        var advanced = SmtpAdvancedOptions.Default with { TimeoutSeconds = 60 };

        var events = When.Deciding(state, A.ConfigureOwnSmtp(sealedPassword: A.TypedPassword, advanced: advanced));

        var expected = A.SmtpConfiguration(A.TypedPassword) with { Advanced = advanced };
        Then.Emits(events, new OwnSmtpUpdated(Given.Tenant, expected, Given.Now));
    }

    [Fact]
    public void a_new_password_for_the_same_destination_updates_own_smtp()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(A.SmtpConfiguration(A.StoredPassword)));

        var events = When.Deciding(state, A.ConfigureOwnSmtp(sealedPassword: A.TypedPassword));

        Then.Emits(events, new OwnSmtpUpdated(Given.Tenant, A.SmtpConfiguration(A.TypedPassword), Given.Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(A.StoredPassword)]
    public void an_identical_configuration_while_enabled_changes_nothing(string? sealedPassword)
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(A.SmtpConfiguration(A.StoredPassword)));

        Then.NothingHappens(When.Deciding(state, A.ConfigureOwnSmtp(sealedPassword: sealedPassword)));
    }

    [Fact]
    public void the_same_configuration_after_disabling_enables_own_smtp_again_with_the_stored_password()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(A.SmtpConfiguration(A.StoredPassword)), A.OwnSmtpDisabled());

        var events = When.Deciding(state, A.ConfigureOwnSmtp(sealedPassword: null));

        Then.Emits(events, new OwnSmtpEnabled(Given.Tenant, A.SmtpConfiguration(A.StoredPassword), Given.Now));
    }

    [Fact]
    public void removing_the_login_drops_the_stored_password()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(A.SmtpConfiguration(A.StoredPassword)));

        var events = When.Deciding(state, A.ConfigureOwnSmtp(sealedPassword: null, username: null));

        var expected = A.SmtpConfiguration(sealedPassword: null) with { Username = null };
        Then.Emits(events, new OwnSmtpUpdated(Given.Tenant, expected, Given.Now));
    }
}
