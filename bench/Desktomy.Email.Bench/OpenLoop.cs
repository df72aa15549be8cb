using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Desktomy.Email.Bench;

/// <summary>
/// Fires requests at a fixed rate whatever the answers do (open loop), and measures each from the moment it was due,
/// so a slow answer cannot hide the requests queued behind it (no coordinated omission).
/// </summary>
public static class OpenLoop
{
    public static async Task<LatencyResult> RunAsync(string name, int perSecond, TimeSpan duration, Func<int, Task<bool>> request) =>
        (await RunAsync([name], perSecond, duration, request))[0];

    /// <summary>
    /// One open loop whose requests take turns between <paramref name="names"/> (request i belongs to i % count), so
    /// the variants are measured side by side under the same conditions; one result per variant.
    /// </summary>
    public static async Task<LatencyResult[]> RunAsync(string[] names, int perSecond, TimeSpan duration, Func<int, Task<bool>> request)
    {
        var count = (int)(perSecond * duration.TotalSeconds);
        var latencies = new double[count];
        var failedAt = new System.Collections.Concurrent.ConcurrentBag<int>();
        var clock = Stopwatch.StartNew();
        var tasks = new Task[count];

        // A dedicated thread sleeps until each request is due and starts it there. With Task.Delay the loop woke up to
        // ~2 ms late, and unevenly: every other request to the same endpoint measured 1.5 ms slower than its neighbour.
        var generator = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var due = TimeSpan.FromSeconds((double)i / perSecond);
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    SleepPrecisely(wait);
                }

                tasks[i] = Measure(i, due);
            }
        })
        { IsBackground = true, Name = "open loop", Priority = ThreadPriority.AboveNormal };
        generator.Start();

        async Task Measure(int index, TimeSpan due)
        {
            var ok = await request(index);
            latencies[index] = (clock.Elapsed - due).TotalMilliseconds;
            if (!ok)
            {
                failedAt.Add(index);
            }
        }

        await Task.Run(generator.Join);
        await Task.WhenAll(tasks);
        var seconds = clock.Elapsed.TotalSeconds;
        var results = new LatencyResult[names.Length];
        for (var variant = 0; variant < names.Length; variant++)
        {
            var mine = latencies.Where((_, i) => i % names.Length == variant).Order().ToArray();
            var failed = failedAt.Count(i => i % names.Length == variant);
            results[variant] = new LatencyResult(names[variant], perSecond / names.Length, mine.Length, failed, Percentile(mine, 0.50), Percentile(mine, 0.99), mine.Length / seconds);
            Console.WriteLine(results[variant]);
        }

        return results;
    }

    /// <summary>Thread.Sleep works in whole milliseconds (it woke up to 1 ms early); nanosleep is exact to ~0.1 ms.</summary>
    private static void SleepPrecisely(TimeSpan wait)
    {
        var request = new TimeSpec { Seconds = wait.Ticks / TimeSpan.TicksPerSecond, Nanoseconds = wait.Ticks % TimeSpan.TicksPerSecond * 100 };
        _ = NanoSleep(ref request, IntPtr.Zero);
    }

    [DllImport("libc", EntryPoint = "nanosleep")]
    private static extern int NanoSleep(ref TimeSpec request, IntPtr remaining);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static double Percentile(double[] sorted, double p) => Math.Round(sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))], 3);
}

public sealed record LatencyResult(string Name, int RatePerSecond, int Requests, int Failures, double P50Ms, double P99Ms, double ThroughputPerSecond);
