using System.Diagnostics;

namespace Desktomy.Email.Bench;

/// <summary>The built service as a child process in Production mode (schema applied by its own commands first).</summary>
public sealed class ServiceUnderTest : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceUnderTest(Process process, Uri address, Stopwatch sinceStart)
    {
        _process = process;
        Address = address;
        SinceStart = sinceStart;
    }

    public Uri Address { get; }

    public Stopwatch SinceStart { get; }

    public int ProcessId => _process.Id;

    public static async Task ApplySchemaAsync(IReadOnlyDictionary<string, string> settings)
    {
        foreach (var command in new[] { new[] { "db-apply" }, new[] { "resources", "setup" } })
        {
            using var process = Process.Start(Start(settings, command))!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{string.Join(' ', command)} failed:\n{output}{await process.StandardError.ReadToEndAsync()}");
            }
        }
    }

    public static ServiceUnderTest Start(IReadOnlyDictionary<string, string> settings, Uri address)
    {
        var clock = Stopwatch.StartNew();
        var start = Start(settings, []);
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceUnderTest(process, address, clock);
    }

    /// <summary>The peak resident set size of the process so far (VmHWM), in MB.</summary>
    public double PeakRssMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return Math.Round(double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024, 1);
    }

    /// <summary>Lines of /proc/PID/status, e.g. "RssAnon: 123 kB".</summary>
    public IEnumerable<string> Status(params string[] keys) =>
        File.ReadLines($"/proc/{_process.Id}/status").Where(l => keys.Any(k => l.StartsWith(k + ":", StringComparison.Ordinal))).Select(l => string.Join(' ', l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // A graceful stop (SIGTERM), so the mail queue worker gives back its claim instead of leaving it to its lease.
            using (var terminate = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await terminate.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private static ProcessStartInfo Start(IReadOnlyDictionary<string, string> settings, string[] arguments)
    {
        // bench/run.sh publishes the service as it is deployed (ReadyToRun) and names it here; else the referenced build.
        var api = Environment.GetEnvironmentVariable("DESKTOMY_BENCH_SERVICE") is { Length: > 0 } published ? published : typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [api, .. arguments])
        {
            WorkingDirectory = Path.GetDirectoryName(api)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return start;
    }
}
