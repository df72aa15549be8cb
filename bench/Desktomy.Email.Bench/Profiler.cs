using System.Diagnostics;
using System.Globalization;

namespace Desktomy.Email.Bench;

/// <summary>
/// <c>bench/run.sh --profile s1</c>: runs one scenario against the service while <c>dotnet-trace</c> samples its threads,
/// then prints the methods with the most inclusive time and the service's memory. The trace stays in bench/traces
/// (not committed). Needs the tool (<c>dotnet tool install -g dotnet-trace</c>); <c>--profile s1 --no-trace</c> runs
/// the scenario without it, e.g. to count SQL statements with pg_stat_statements.
/// </summary>
public static class Profiler
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);

    public static async Task<int> RunAsync(ServiceUnderTest service, string repository, string name, bool trace, Func<Task> scenario)
    {
        if (!trace)
        {
            await scenario();
            Console.WriteLine(Memory(service));
            return 0;
        }

        var traces = Directory.CreateDirectory(Path.Combine(repository, "bench", "traces")).FullName;
        var file = Path.Combine(traces, $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.nettrace");
        using var collect = Process.Start(new ProcessStartInfo(
            "dotnet-trace",
            ["collect", "-p", service.ProcessId.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time", "--duration", Duration.ToString(@"dd\:hh\:mm\:ss", CultureInfo.InvariantCulture), "-o", file])
        {
            RedirectStandardOutput = true,
        })!;
        collect.BeginOutputReadLine();
        await Task.Delay(TimeSpan.FromSeconds(1)); // the session attaches
        await scenario(); // a scenario runs for Duration (S3: until its mails are delivered; the trace covers the first Duration)
        await collect.WaitForExitAsync(); // the collection ends after Duration and writes the file

        using var report = Process.Start(new ProcessStartInfo("dotnet-trace", ["report", file, "topN", "-n", "60", "--inclusive"]))!;
        await report.WaitForExitAsync();
        Console.WriteLine($"trace: {file}");
        Console.WriteLine(Memory(service));
        return collect.ExitCode;
    }

    private static string Memory(ServiceUnderTest service) =>
        $"service memory: peak RSS {service.PeakRssMegabytes()} MB; now {string.Join(", ", service.Status("VmRSS", "RssAnon", "RssFile"))}";
}
