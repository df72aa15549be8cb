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
