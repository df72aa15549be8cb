using Desktomy.Email.Domain.Settings;

namespace Desktomy.Email.Domain.Tests.Support;

internal static class When
{
    public static IReadOnlyList<object> Deciding(EmailSettings? state, SettingsCommand command) =>
        EmailSettingsDecider.Decide(state, command, Given.Now);
}
