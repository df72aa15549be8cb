namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>
/// Waits until a condition holds in a service running in another process, asking it over its API every
/// <c>interval</c>: such a process has no tracked activity to wait on.
/// </summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan interval, Func<Task<string>> failure)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        using var poll = new PeriodicTimer(interval);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, await failure());
            await poll.WaitForNextTickAsync();
        }
    }

    public static Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string failure) =>
        HoldsAsync(() => Task.FromResult(condition()), timeout, TimeSpan.FromMilliseconds(200), () => Task.FromResult(failure));
}
