using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Settings;

public sealed class SetPrimaryEmailTests
{
    [Fact]
    public void setting_the_primary_email_on_a_new_tenant_creates_the_settings()
    {
        var events = When.Deciding(Given.NoSettings, A.SetPrimaryEmail("biuro@acme.pl"));

        Then.Emits(events, new PrimaryEmailSet(Given.Tenant, "biuro@acme.pl", Given.Now));
    }

    [Fact]
    public void a_different_primary_email_replaces_the_old_one()
    {
        var state = Given.Events(A.PrimaryEmailSet("biuro@acme.pl"));

        var events = When.Deciding(state, A.SetPrimaryEmail("kontakt@acme.pl"));

        Then.Emits(events, new PrimaryEmailSet(Given.Tenant, "kontakt@acme.pl", Given.Now));
    }

    [Fact]
    public void the_same_primary_email_changes_nothing()
    {
        var state = Given.Events(A.PrimaryEmailSet("biuro@acme.pl"));

        Then.NothingHappens(When.Deciding(state, A.SetPrimaryEmail("biuro@acme.pl")));
    }

    [Fact]
    public void an_internationalised_primary_email_is_recorded_as_typed()
    {
        var events = When.Deciding(Given.NoSettings, A.SetPrimaryEmail("biuro@żółw.pl"));

        Then.Emits(events, new PrimaryEmailSet(Given.Tenant, "biuro@żółw.pl", Given.Now));
    }
}
