using Desktomy.Email.Domain.Settings;

namespace Desktomy.Email.Domain.Tests.Support;

internal static class Then
{
    public static void Emits(IReadOnlyList<object> actual, params object[] expected) => Assert.Equal(expected, actual.ToArray());

    public static void NothingHappens(IReadOnlyList<object> actual) => Assert.Empty(actual);

    public static void ViolatesRule(string field, Action decision) =>
        Assert.Equal(field, Assert.Throws<SettingsRuleViolationException>(decision).Field);
}
