using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Desktomy.Email.Bench;

/// <summary>
/// CPU time from /proc: the service process (utime + stime), and PostgreSQL: the postmaster's own time, the time of
/// its exited children (cutime + cstime: backends that ended, reaped by the postmaster) and of its live children
/// (backends and auxiliary processes). The benchmark's cluster serves nothing else while it runs.
/// </summary>
public sealed class CpuMeter(int servicePid, int postmasterPid)
{
    private const int ClockTicksName = 2; // _SC_CLK_TCK
    private static readonly double MsPerTick = 1000.0 / SysConf(ClockTicksName);

    /// <summary>Runs <paramref name="scenario"/> alone and divides the CPU it cost by the operations it returns.</summary>
    public async Task<CpuResult> MeasureAsync(string name, Func<Task<int>> scenario)
    {
        var (service, postgres) = (Service(), Postgres());
        var clock = Stopwatch.StartNew();
        var operations = await scenario();
        var seconds = clock.Elapsed.TotalSeconds;
        var (serviceMs, postgresMs) = (Service() - service, Postgres() - postgres);
        var result = new CpuResult(
            name, operations, Math.Round(serviceMs / operations, 3), Math.Round(postgresMs / operations, 3), Math.Round((serviceMs + postgresMs) / operations, 3),
            Math.Round(serviceMs / 1000 / seconds, 2), Math.Round(postgresMs / 1000 / seconds, 2));
        Console.WriteLine(result);
        return result;
    }

    /// <summary>
    /// Waits until the service is quiet (under 3 % of a core for a second; at most 40 s). After a warm-up the JIT
    /// keeps recompiling hot methods at tier 1 for a while (the "idle" profile showed 0.11 core on the tiered
    /// compilation thread 5 s after the warm-up); a figure for the steady state must not be charged with it.
    /// </summary>
    public async Task SettleAsync()
    {
        for (var second = 0; second < 40; second++)
        {
            var before = Service();
            await Task.Delay(TimeSpan.FromSeconds(1));
            if (Service() - before < 30)
            {
                return;
            }
        }

        Console.WriteLine("the service did not settle within 40 s");
    }

    /// <summary>The service's threads that used the most CPU while <paramref name="scenario"/> ran, by thread name.</summary>
    public async Task<int> ThreadsAsync(Func<Task<int>> scenario)
    {
        var before = Threads();
        var operations = await scenario();
        foreach (var (thread, ms) in Threads()
            .Select(t => (t.Key, t.Value.Ms - (before.TryGetValue(t.Key, out var b) ? b.Ms : 0), t.Value.Name))
            .GroupBy(t => t.Name, t => t.Item2)
            .Select(g => (Name: $"{g.Key} ×{g.Count()}", Ms: g.Sum()))
            .OrderByDescending(t => t.Ms)
            .Take(12))
        {
            Console.WriteLine($"{ms,10:F0} ms  {thread}");
        }

        return operations;
    }

    private Dictionary<int, (string Name, double Ms)> Threads()
    {
        var threads = new Dictionary<int, (string, double)>();
        foreach (var directory in Directory.EnumerateDirectories($"/proc/{servicePid}/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                threads[int.Parse(Path.GetFileName(directory), CultureInfo.InvariantCulture)] =
                    (name, (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * MsPerTick);
            }
            catch (IOException)
            {
                // the thread ended meanwhile
            }
        }

        return threads;
    }

    private double Service() => Times(servicePid) is { } t ? (t.User + t.System) * MsPerTick : 0;

    private double Postgres()
    {
        var own = Times(postmasterPid) ?? throw new InvalidOperationException($"The postmaster {postmasterPid} is gone.");
        var ticks = own.User + own.System + own.ChildrenUser + own.ChildrenSystem;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && pid != postmasterPid && Times(pid) is { } child && child.Parent == postmasterPid)
            {
                ticks += child.User + child.System;
            }
        }

        return ticks * MsPerTick;
    }

    /// <summary>Fields of /proc/PID/stat after the command name (which may hold spaces): ppid, utime, stime, cutime, cstime.</summary>
    private static (int Parent, long User, long System, long ChildrenUser, long ChildrenSystem)? Times(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // the process ended between listing and reading
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
        return ((int)Field(1), Field(11), Field(12), Field(13), Field(14));
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    private static extern long SysConf(int name);
}

/// <summary>CPU per operation (ms) of the service and of PostgreSQL, and the cores each used meanwhile.</summary>
public sealed record CpuResult(string Name, int Operations, double ServiceMsPerOp, double PostgresMsPerOp, double TotalMsPerOp, double ServiceCores, double PostgresCores);
