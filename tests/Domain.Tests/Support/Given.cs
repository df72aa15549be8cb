using Desktomy.Email.Domain.Settings;

namespace Desktomy.Email.Domain.Tests.Support;

/// <summary>Builds settings state the way the event store does: by folding past events through <see cref="EmailSettings.Evolve"/>.</summary>
internal static class Given
{
    public const string Tenant = "acme";

    public static readonly DateTimeOffset Earlier = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Now = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    public static EmailSettings? Events(params object[] events) => events.Aggregate((EmailSettings?)null, EmailSettings.Evolve);

    public static EmailSettings? NoSettings => null;
}
