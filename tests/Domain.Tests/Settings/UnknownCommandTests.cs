using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Tests.Support;

namespace Desktomy.Email.Domain.Tests.Settings;

public sealed class UnknownCommandTests
{
    private sealed record RenameTenant(string TenantId) : SettingsCommand(TenantId);

    [Fact]
    public void a_command_the_decider_does_not_know_is_refused()
    {
        var state = Given.Events(A.PrimaryEmailSet());

        Assert.Throws<ArgumentOutOfRangeException>(() => When.Deciding(state, new RenameTenant(Given.Tenant)));
    }
}
