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

    /// <summary>The idle CPU of each side, once measured by <see cref="IdleAsync"/>; the net figures are computed with it.</summary>
    public IdleCpu? Idle { get; private set; }

    /// <summary>
    /// What the service and PostgreSQL spend per second with nothing sent to them (timers, pollers, the durability
    /// agent, PostgreSQL's background writers): measured on its own and reported beside the figures, never hidden in them.
    /// </summary>
    public async Task<IdleCpu> IdleAsync(TimeSpan duration)
    {
        var (service, postgres) = (Service(), Postgres());
        var clock = Stopwatch.StartNew();
        await Task.Delay(duration);
        var seconds = clock.Elapsed.TotalSeconds;
        Idle = new IdleCpu(Math.Round(seconds, 1), Math.Round((Service() - service) / seconds, 2), Math.Round((Postgres() - postgres) / seconds, 2));
        Console.WriteLine(Idle);
        return Idle;
    }

    /// <summary>
    /// Runs <paramref name="scenario"/> alone and divides all the CPU of the interval by the operations it returns
    /// (the gross figure, the headline). Beside it, labelled as such, the same net of the idle CPU of the interval's
    /// length, and the tier-1 JIT time spent meanwhile (a steady-state figure should carry next to none).
    /// </summary>
    public async Task<CpuResult> MeasureAsync(string name, Func<Task<int>> scenario)
    {
        var jit = Jit();
        var switches = Switches();
        var (service, postgres, own) = (Service(), Postgres(), Self());
        var clock = Stopwatch.StartNew();
        var operations = await scenario();
        var seconds = clock.Elapsed.TotalSeconds;
        var (serviceMs, postgresMs, ownMs) = (Service() - service, Postgres() - postgres, Self() - own);
        var switched = Switches();
        var idle = Idle ?? new IdleCpu(0, 0, 0);
        double PerOp(double ms) => Math.Round(ms / operations, 3);
        var result = new CpuResult(
            name, operations, Math.Round(seconds, 2), Math.Round(operations / seconds, 1), PerOp(serviceMs), PerOp(postgresMs), PerOp(serviceMs + postgresMs),
            Math.Round(serviceMs / 1000 / seconds, 2), Math.Round(postgresMs / 1000 / seconds, 2),
            PerOp(serviceMs - (idle.ServiceMsPerSecond * seconds)), PerOp(postgresMs - (idle.PostgresMsPerSecond * seconds)),
            Math.Round(Jit().Sum(t => t.Value - jit.GetValueOrDefault(t.Key))))
        {
            BenchmarkMsPerOp = PerOp(ownMs),
            BusyCores = Math.Round((serviceMs + postgresMs + ownMs) / 1000 / seconds, 2),
            SwitchesPerOp = new ContextSwitches(
                Math.Round((double)(switched.Service - switches.Service) / operations, 1),
                Math.Round((double)(switched.Postgres - switches.Postgres) / operations, 1),
                Math.Round((double)(switched.Benchmark - switches.Benchmark) / operations, 1)),
        };
        Console.WriteLine(result);
        return result;
    }

    /// <summary>
    /// The benchmark process's own CPU (utime + stime of /proc/self/stat) per operation while <paramref name="scenario"/>
    /// runs, for the floors it runs itself (B3: MailKit straight to the sink). Nothing is subtracted: the process's other
    /// threads (the in-process sink receiving the mail, timers) are in it. It is reported in the service's columns, with
    /// <see cref="CpuResult.Process"/> saying whose CPU it is; PostgreSQL's columns show what the cluster did meanwhile.
    /// </summary>
    public async Task<CpuResult> MeasureSelfAsync(string name, Func<Task<int>> scenario)
    {
        var self = Environment.ProcessId;
        var jit = Jit(self);
        var (own, postgres) = (Self(), Postgres());
        var clock = Stopwatch.StartNew();
        var operations = await scenario();
        var seconds = clock.Elapsed.TotalSeconds;
        var (ownMs, postgresMs) = (Self() - own, Postgres() - postgres);
        double PerOp(double ms) => Math.Round(ms / operations, 3);
        var result = new CpuResult(
            name, operations, Math.Round(seconds, 2), Math.Round(operations / seconds, 1), PerOp(ownMs), PerOp(postgresMs), PerOp(ownMs + postgresMs),
            Math.Round(ownMs / 1000 / seconds, 2), Math.Round(postgresMs / 1000 / seconds, 2), PerOp(ownMs), PerOp(postgresMs),
            Math.Round(Jit(self).Sum(t => t.Value - jit.GetValueOrDefault(t.Key))), BenchmarkProcess);
        Console.WriteLine(result);
        return result;
    }

    /// <summary>
    /// Runs <paramref name="scenario"/> on a thread of its own and reports that thread's CPU per operation
    /// (<c>CLOCK_THREAD_CPUTIME_ID</c>, read on the thread before and after): for a synchronous client, its own work alone,
    /// without the in-process sink that answers it on the thread pool. PostgreSQL's columns show what the cluster did meanwhile.
    /// </summary>
    public async Task<CpuResult> MeasureThreadAsync(string name, Func<int> scenario)
    {
        var postgres = Postgres();
        var clock = Stopwatch.StartNew();
        var done = new TaskCompletionSource<(int Operations, double Ms)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var before = ThreadCpuMs();
                var operations = scenario();
                done.SetResult((operations, ThreadCpuMs() - before));
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }) { IsBackground = true, Name = "floor client" };
        thread.Start();
        var (operations, threadMs) = await done.Task;
        var seconds = clock.Elapsed.TotalSeconds;
        var postgresMs = Postgres() - postgres;
        double PerOp(double ms) => Math.Round(ms / operations, 3);
        var result = new CpuResult(
            name, operations, Math.Round(seconds, 2), Math.Round(operations / seconds, 1), PerOp(threadMs), PerOp(postgresMs), PerOp(threadMs + postgresMs),
            Math.Round(threadMs / 1000 / seconds, 2), Math.Round(postgresMs / 1000 / seconds, 2), PerOp(threadMs), PerOp(postgresMs), 0, ClientThread);
        Console.WriteLine(result);
        return result;
    }

    /// <summary><see cref="CpuResult.Process"/> of a floor measured on one thread of the benchmark's process.</summary>
    public const string ClientThread = "client's own thread (MailKit's synchronous client alone; the in-process sink excluded)";

    private static double ThreadCpuMs() =>
        ClockGetTime(ThreadCpuClock, out var now) == 0 ? (now.Seconds * 1000.0) + (now.Nanoseconds / 1e6) : throw new InvalidOperationException("clock_gettime");

    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    /// <summary><see cref="CpuResult.Process"/> of a floor measured in the benchmark's own process.</summary>
    public const string BenchmarkProcess = "benchmark process (/proc/self: MailKit's client and the in-process sink, nothing subtracted)";

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

    /// <summary>CPU so far of the runtime's tiered compilation thread (it comes and goes), by thread id.</summary>
    private Dictionary<int, double> Jit(int? pid = null) =>
        Threads(pid ?? servicePid).Where(t => t.Value.Name.StartsWith(".NET Tiered Com", StringComparison.Ordinal)).ToDictionary(t => t.Key, t => t.Value.Ms);

    private Dictionary<int, (string Name, double Ms)> Threads(int? pid = null)
    {
        var threads = new Dictionary<int, (string, double)>();
        foreach (var directory in Directory.EnumerateDirectories($"/proc/{pid ?? servicePid}/task"))
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

    /// <summary>
    /// Context switches so far (voluntary and involuntary, every thread's <c>/proc/PID/task/TID/status</c>) of the
    /// service, of PostgreSQL's live processes (the postmaster and its children; an exited backend's are lost, unlike
    /// its CPU time) and of the benchmark process.
    /// </summary>
    private (long Service, long Postgres, long Benchmark) Switches()
    {
        var postgres = Switches(postmasterPid) + PostmasterChildren().Sum(child => Switches(child.Pid));
        return (Switches(servicePid), postgres, Switches(Environment.ProcessId));
    }

    private static long Switches(int pid)
    {
        long switches = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                    {
                        if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                        {
                            switches += long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), CultureInfo.InvariantCulture);
                        }
                    }
                }
                catch (IOException)
                {
                    // the thread ended meanwhile
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            // the process ended meanwhile
        }

        return switches;
    }

    private double Service() => Times(servicePid) is { } t ? (t.User + t.System) * MsPerTick : 0;

    private static double Self() => Times("self") is { } t ? (t.User + t.System) * MsPerTick : 0;

    private double Postgres()
    {
        var own = Times(postmasterPid) ?? throw new InvalidOperationException($"The postmaster {postmasterPid} is gone.");
        var ticks = own.User + own.System + own.ChildrenUser + own.ChildrenSystem + PostmasterChildren().Sum(child => child.User + child.System);
        return ticks * MsPerTick;
    }

    /// <summary>The postmaster's live children (backends and auxiliary processes) with their CPU ticks so far.</summary>
    private IEnumerable<(int Pid, long User, long System)> PostmasterChildren()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && pid != postmasterPid && Times(pid) is { } child && child.Parent == postmasterPid)
            {
                yield return (pid, child.User, child.System);
            }
        }
    }

    /// <summary>Fields of /proc/PID/stat after the command name (which may hold spaces): ppid, utime, stime, cutime, cstime.</summary>
    private static (int Parent, long User, long System, long ChildrenUser, long ChildrenSystem)? Times(int pid) => Times(pid.ToString(CultureInfo.InvariantCulture));

    private static (int Parent, long User, long System, long ChildrenUser, long ChildrenSystem)? Times(string pid)
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

/// <summary>
/// CPU per operation (ms) of the service and of PostgreSQL (all CPU of the interval), the cores each used meanwhile,
/// the same per operation net of the idle CPU (<see cref="IdleCpu"/>) of the interval's length, and the tier-1 JIT's ms.
/// <paramref name="Process"/> is whose CPU the service columns hold: the service's, or for a floor the benchmark runs
/// itself its own (<see cref="CpuMeter.BenchmarkProcess"/>).
/// </summary>
public sealed record CpuResult(
    string Name, int Operations, double Seconds, double PerSecond, double ServiceMsPerOp, double PostgresMsPerOp, double TotalMsPerOp, double ServiceCores, double PostgresCores,
    double ServiceNetOfIdleMsPerOp, double PostgresNetOfIdleMsPerOp, double JitMs, string Process = "service")
{
    /// <summary>
    /// The benchmark process's own CPU per operation meanwhile (its clients, and for mail the in-process sink): not in
    /// the figure, shown so that the cores' whole budget is seen.
    /// </summary>
    public double? BenchmarkMsPerOp { get; init; }

    /// <summary>The cores the service, PostgreSQL and the benchmark process used together meanwhile (of the machine's 2).</summary>
    public double? BusyCores { get; init; }

    /// <summary>In a full run, the total of every round (this result is the median round's).</summary>
    public double[]? RoundsTotalMsPerOp { get; init; }

    /// <summary>
    /// Context switches per operation of the three processes meanwhile: each is a thread put to sleep or preempted and
    /// another run, the wake-ups a request costs beside its CPU.
    /// </summary>
    public ContextSwitches? SwitchesPerOp { get; init; }
}

/// <summary>Context switches per operation of the service, of PostgreSQL's live processes and of the benchmark process.</summary>
public sealed record ContextSwitches(double Service, double Postgres, double Benchmark)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Service} / {Postgres} / {Benchmark}");
}

/// <summary>CPU per second (ms) of the service and of PostgreSQL with nothing sent to them.</summary>
public sealed record IdleCpu(double Seconds, double ServiceMsPerSecond, double PostgresMsPerSecond);
