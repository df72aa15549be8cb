using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Settings;

public sealed class ChangeSenderNameTests
{
    [Fact]
    public void a_first_sender_name_is_set()
    {
        var state = Given.Events(A.PrimaryEmailSet());

        var events = When.Deciding(state, A.ChangeSenderName("Biuro Acme"));

        Then.Emits(events, new SenderNameChanged(Given.Tenant, "Biuro Acme", Given.Now));
    }

    [Fact]
    public void a_different_sender_name_replaces_the_old_one()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.SenderNameChanged("Acme"));

        var events = When.Deciding(state, A.ChangeSenderName("Biuro Acme"));

        Then.Emits(events, new SenderNameChanged(Given.Tenant, "Biuro Acme", Given.Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void a_null_or_blank_sender_name_clears_it(string? cleared)
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.SenderNameChanged("Acme"));

        var events = When.Deciding(state, A.ChangeSenderName(cleared));

        Then.Emits(events, new SenderNameChanged(Given.Tenant, null, Given.Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void clearing_a_sender_name_that_is_not_set_changes_nothing(string? cleared)
    {
        var state = Given.Events(A.PrimaryEmailSet());

        Then.NothingHappens(When.Deciding(state, A.ChangeSenderName(cleared)));
    }

    [Theory]
    [InlineData("Acme")]
    [InlineData("  Acme  ")]
    public void the_same_sender_name_changes_nothing(string same)
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.SenderNameChanged("Acme"));

        Then.NothingHappens(When.Deciding(state, A.ChangeSenderName(same)));
    }
}
