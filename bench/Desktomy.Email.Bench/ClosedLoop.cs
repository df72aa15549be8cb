using System.Diagnostics;

namespace Desktomy.Email.Bench;

/// <summary>A fixed number of clients, each sending its next request as soon as the last is answered: throughput.</summary>
public static class ClosedLoop
{
    /// <summary>Until <paramref name="duration"/> has passed.</summary>
    public static Task<ThroughputResult> RunAsync(string name, int clients, TimeSpan duration, Func<int, Task<bool>> request) =>
        RunAsync(name, clients, (_, clock) => clock.Elapsed < duration, request);

    /// <summary>
    /// Exactly <paramref name="operations"/> requests, as fast as <paramref name="clients"/> clients get answers: the
    /// service at saturation, as a loaded server runs, so its idle work is spread over as many operations as it can do.
    /// </summary>
    public static Task<ThroughputResult> RunAsync(string name, int clients, int operations, Func<int, Task<bool>> request) =>
        RunAsync(name, clients, (next, _) => next < operations, request);

    private static async Task<ThroughputResult> RunAsync(string name, int clients, Func<int, Stopwatch, bool> more, Func<int, Task<bool>> request)
    {
        var next = -1;
        var done = 0;
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); more(i, clock); i = Interlocked.Increment(ref next))
            {
                if (!await request(i))
                {
                    Interlocked.Increment(ref failures);
                }

                Interlocked.Increment(ref done);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var result = new ThroughputResult(name, clients, done, failures, Math.Round(done / seconds, 1), Math.Round(seconds, 2));
        Console.WriteLine(result);
        return result;
    }
}

public sealed record ThroughputResult(string Name, int Clients, int Requests, int Failures, double PerSecond, double Seconds);
