namespace Desktomy.Email.Domain.Mail;

/// <summary>When to try a transient failure again: after each delay in turn, then give up.</summary>
public sealed record RetrySchedule(IReadOnlyList<TimeSpan> Delays)
{
    public static readonly RetrySchedule Default = new([
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)]);

    /// <summary>The wait before attempt <paramref name="failedAttempt"/> + 1, or null when that was the last one allowed.</summary>
    public TimeSpan? DelayAfter(int failedAttempt) => failedAttempt >= 1 && failedAttempt <= Delays.Count ? Delays[failedAttempt - 1] : null;
}
