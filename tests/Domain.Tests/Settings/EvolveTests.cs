using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Settings;

public sealed class EvolveTests
{
    private static readonly OwnSmtpConfiguration Stored = A.SmtpConfiguration(A.StoredPassword);
    private static readonly OwnSmtpConfiguration Other = Stored with { Host = "mail.acme.pl", Port = 587, Security = SmtpSecurity.StartTls };

    [Fact]
    public void no_events_means_no_settings()
    {
        Assert.Null(Given.Events());
    }

    [Fact]
    public void the_primary_email_creates_the_settings()
    {
        var state = Given.Events(A.PrimaryEmailSet("biuro@acme.pl"));

        Assert.Equal(new EmailSettings(Given.Tenant, "biuro@acme.pl", null, false, null), state);
    }

    [Fact]
    public void events_before_the_settings_exist_are_ignored()
    {
        object[] beforeCreation = [A.SenderNameChanged("Acme"), A.OwnSmtpEnabled(), A.OwnSmtpUpdated(Other), A.OwnSmtpDisabled()];

        Assert.All(beforeCreation, e => Assert.Null(EmailSettings.Evolve(null, e)));
    }

    [Fact]
    public void a_later_primary_email_replaces_only_the_primary_email()
    {
        var state = Given.Events(A.PrimaryEmailSet("biuro@acme.pl"), A.SenderNameChanged("Acme"), A.OwnSmtpEnabled(Stored), A.PrimaryEmailSet("kontakt@acme.pl"));

        Assert.Equal(new EmailSettings(Given.Tenant, "kontakt@acme.pl", "Acme", true, Stored), state);
    }

    [Fact]
    public void a_sender_name_is_set()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.SenderNameChanged("Biuro Acme"));

        Assert.Equal("Biuro Acme", state?.SenderName);
    }

    [Fact]
    public void a_cleared_sender_name_is_gone()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.SenderNameChanged("Biuro Acme"), A.SenderNameChanged(null));

        Assert.NotNull(state);
        Assert.Null(state.SenderName);
    }

    [Fact]
    public void enabling_own_smtp_stores_the_configuration()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(Stored));

        Assert.Equal(new EmailSettings(Given.Tenant, A.PrimaryEmail, null, true, Stored), state);
    }

    [Fact]
    public void updating_own_smtp_replaces_the_configuration_and_keeps_it_enabled()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(Stored), A.OwnSmtpUpdated(Other));

        Assert.Equal(new EmailSettings(Given.Tenant, A.PrimaryEmail, null, true, Other), state);
    }

    [Fact]
    public void disabling_own_smtp_keeps_the_configuration()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(Stored), A.OwnSmtpDisabled());

        Assert.Equal(new EmailSettings(Given.Tenant, A.PrimaryEmail, null, false, Stored), state);
    }

    [Fact]
    public void enabling_own_smtp_again_replaces_the_kept_configuration()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(Stored), A.OwnSmtpDisabled(), A.OwnSmtpEnabled(Other));

        Assert.Equal(new EmailSettings(Given.Tenant, A.PrimaryEmail, null, true, Other), state);
    }

    [Fact]
    public void an_unknown_event_leaves_the_state_unchanged()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.SenderNameChanged("Acme"));

        Assert.Same(state, EmailSettings.Evolve(state, new object()));
        Assert.Same(state, EmailSettings.Evolve(state, "PrimaryEmailSet"));
    }

    [Fact]
    public void every_settings_event_changes_the_state()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.SenderNameChanged("Acme"), A.OwnSmtpEnabled(Stored));
        var eventTypes = typeof(ISettingsEvent).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ISettingsEvent).IsAssignableFrom(t))
            .ToHashSet();

        Assert.Equal(eventTypes, OneOfEach(Other).Select(e => e.GetType()).ToHashSet());
        Assert.All(OneOfEach(Other), e => Assert.NotEqual(state, EmailSettings.Evolve(state, e)));
    }

    /// <summary>One event of every type, each of which changes a state that has a sender name and enabled own SMTP.</summary>
    private static object[] OneOfEach(OwnSmtpConfiguration other) =>
    [
        A.PrimaryEmailSet("kontakt@acme.pl"),
        A.SenderNameChanged("Biuro Acme"),
        A.OwnSmtpEnabled(other),
        A.OwnSmtpUpdated(other),
        A.OwnSmtpDisabled(),
        new SettingsRolledBack(Given.Tenant, 1, Given.Events(A.PrimaryEmailSet())!, "back to the start", Given.Earlier),
        new SettingsImported(Given.Tenant, Given.Events(A.PrimaryEmailSet())!, new ImportSource(null, null), "import", Given.Earlier),
        new SmtpPasswordErased(Given.Tenant, "leaked", Given.Earlier),
    ];

    [Fact]
    public void a_rollback_replaces_the_whole_state_with_the_restored_one()
    {
        var restored = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(Stored))!;
        var state = Given.Events(A.PrimaryEmailSet("inny@acme.pl"), A.SenderNameChanged("Inna"), A.OwnSmtpEnabled(Other), A.OwnSmtpDisabled());

        var after = EmailSettings.Evolve(state, new SettingsRolledBack(Given.Tenant, 2, restored, "ticket 7", Given.Now));

        Assert.Equal(restored, after);
    }
}
