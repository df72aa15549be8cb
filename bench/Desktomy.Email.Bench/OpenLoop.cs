using System.Diagnostics;

namespace Desktomy.Email.Bench;

/// <summary>
/// Fires requests at a fixed rate whatever the answers do (open loop), and measures each from the moment it was due,
/// so a slow answer cannot hide the requests queued behind it (no coordinated omission).
/// </summary>
public static class OpenLoop
{
    public static async Task<LatencyResult> RunAsync(string name, int perSecond, TimeSpan duration, Func<int, Task<bool>> request)
    {
        var count = (int)(perSecond * duration.TotalSeconds);
        var latencies = new double[count];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        var tasks = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                var ok = await request(index);
                latencies[index] = (clock.Elapsed - due).TotalMilliseconds;
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }
            }));
        }

        await Task.WhenAll(tasks);
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        var result = new LatencyResult(name, perSecond, count, failures, Percentile(latencies, 0.50), Percentile(latencies, 0.99), count / seconds);
        Console.WriteLine(result);
        return result;
    }

    private static double Percentile(double[] sorted, double p) => Math.Round(sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))], 3);
}

public sealed record LatencyResult(string Name, int RatePerSecond, int Requests, int Failures, double P50Ms, double P99Ms, double ThroughputPerSecond);
