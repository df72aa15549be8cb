using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Settings;

public sealed class DisableOwnSmtpTests
{
    [Fact]
    public void disabling_enabled_own_smtp_disables_it()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled());

        var events = When.Deciding(state, A.DisableOwnSmtp());

        Then.Emits(events, new OwnSmtpDisabled(Given.Tenant, Given.Now));
    }

    [Fact]
    public void disabled_own_smtp_keeps_the_stored_values()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(A.SmtpConfiguration(A.StoredPassword)));

        var after = When.Deciding(state, A.DisableOwnSmtp()).Aggregate(state, EmailSettings.Evolve);

        Assert.NotNull(after);
        Assert.False(after.OwnSmtpEnabled);
        Assert.Equal(A.SmtpConfiguration(A.StoredPassword), after.OwnSmtp);
    }

    [Fact]
    public void disabling_own_smtp_that_was_never_configured_changes_nothing()
    {
        var state = Given.Events(A.PrimaryEmailSet());

        Then.NothingHappens(When.Deciding(state, A.DisableOwnSmtp()));
    }

    [Fact]
    public void disabling_own_smtp_twice_changes_nothing_the_second_time()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(), A.OwnSmtpDisabled());

        Then.NothingHappens(When.Deciding(state, A.DisableOwnSmtp()));
    }
}
