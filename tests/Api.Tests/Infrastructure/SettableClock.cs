namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>
/// A wall clock that stands still until a test moves it. Only the time of day is fake: timers and elapsed-time stamps
/// stay real (the base class's), so the host's background work runs as usual.
/// </summary>
public sealed class SettableClock : TimeProvider
{
    // Near the real now, because the service checks token lifetimes on this clock while the tests mint tokens on the real
    // one; on a whole second, because PostgreSQL keeps only microseconds and the tests compare instants exactly.
    private long _utcTicks = TimeProvider.System.GetUtcNow().UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _utcTicks, by.Ticks);
    }
}
