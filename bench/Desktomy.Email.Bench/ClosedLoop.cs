using System.Diagnostics;

namespace Desktomy.Email.Bench;

/// <summary>A fixed number of clients, each sending its next request as soon as the last is answered: throughput.</summary>
public static class ClosedLoop
{
    public static async Task<ThroughputResult> RunAsync(string name, int clients, TimeSpan duration, Func<int, Task<bool>> request)
    {
        var next = -1;
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                if (!await request(Interlocked.Increment(ref next)))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        var result = new ThroughputResult(name, clients, next + 1, failures, Math.Round((next + 1) / clock.Elapsed.TotalSeconds, 1));
        Console.WriteLine(result);
        return result;
    }
}

public sealed record ThroughputResult(string Name, int Clients, int Requests, int Failures, double PerSecond);
