using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Settings;

public sealed class RollBackTests
{
    [Fact]
    public void rolling_back_emits_one_event_with_the_complete_target_state_and_the_reason()
    {
        var target = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled())!;
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled(), A.SenderNameChanged("Inna"), A.OwnSmtpDisabled());

        var events = When.Deciding(state, A.RollBack(2, target, "ticket 7"));

        Then.Emits(events, new SettingsRolledBack(Given.Tenant, 2, target, "ticket 7", Given.Now));
    }

    [Fact]
    public void rolling_back_to_a_state_equal_to_the_current_one_emits_nothing()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.SenderNameChanged("Acme"), A.SenderNameChanged(null))!;
        var target = Given.Events(A.PrimaryEmailSet())!;

        Then.NothingHappens(When.Deciding(state, A.RollBack(1, target, "undo")));
    }

    [Fact]
    public void erasing_the_password_is_always_recorded_and_forgets_the_sealed_password()
    {
        var state = Given.Events(A.PrimaryEmailSet(), A.OwnSmtpEnabled());

        var events = When.Deciding(state, A.EraseSmtpPassword("leaked"));

        Then.Emits(events, new SmtpPasswordErased(Given.Tenant, "leaked", Given.Now));
        Assert.Null(EmailSettings.Evolve(state, events[0])!.OwnSmtp!.SealedPassword);
        Then.Emits(When.Deciding(Given.Events(A.PrimaryEmailSet()), A.EraseSmtpPassword("again")), new SmtpPasswordErased(Given.Tenant, "again", Given.Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\u0000b")]
    [InlineData("\u202Eevil")]
    public void a_missing_or_unprintable_reason_is_refused(string? reason) => Assert.NotNull(AuditReason.Error(reason));

    [Theory]
    [InlineData("Ticket 123")]
    [InlineData("Line one\nline two")]
    [InlineData("Line one\r\nline two")]
    public void a_readable_reason_is_accepted(string reason) => Assert.Null(AuditReason.Error(reason));

    [Fact]
    public void a_reason_may_have_500_characters_but_not_501()
    {
        Assert.Null(AuditReason.Error(new string('r', 500)));
        Assert.NotNull(AuditReason.Error(new string('r', 501)));
    }
}
