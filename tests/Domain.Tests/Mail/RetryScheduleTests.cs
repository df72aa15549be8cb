using Desktomy.Email.Domain.Mail;

namespace Desktomy.Email.Domain.Tests.Mail;

public sealed class RetryScheduleTests
{
    [Fact]
    public void the_default_schedule_retries_first_within_ten_seconds_then_backs_off_five_times()
    {
        var delays = RetrySchedule.Default.Delays;

        Assert.True(delays[0] <= TimeSpan.FromSeconds(10));
        Assert.Equal(5, delays.Count);
        Assert.Equal(delays.Order(), delays);
    }

    [Fact]
    public void each_failed_attempt_waits_its_own_delay()
    {
        var schedule = new RetrySchedule([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)]);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], new[] { schedule.DelayAfter(1), schedule.DelayAfter(2) });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    public void outside_the_schedule_there_is_no_next_attempt(int failedAttempt)
    {
        var schedule = new RetrySchedule([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)]);

        Assert.Null(schedule.DelayAfter(failedAttempt));
    }

    [Fact]
    public void an_empty_schedule_never_retries()
    {
        Assert.Null(new RetrySchedule([]).DelayAfter(1));
    }
}
