using Desktomy.Email.Domain.Settings;

namespace Desktomy.Email.Domain.Tests.Support;

/// <summary>A use case's decision as the settings writer calls it: on the current settings and the time.</summary>
internal delegate IReadOnlyList<object> Decision(EmailSettings? state, DateTimeOffset now);

internal static class When
{
    public static IReadOnlyList<object> Deciding(EmailSettings? state, Decision decision) => decision(state, Given.Now);
}
