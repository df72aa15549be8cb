using System.Globalization;
using System.Text;

namespace Desktomy.Email.Bench;

public static class Report
{
    /// <summary>Everything after this line in docs/benchmarks.md is written by hand (the change log) and kept.</summary>
    public const string EndOfGenerated = "<!-- generated above by bench/run.sh; the rest is kept -->";

    /// <summary>The generated table, followed by the hand-written part of the existing file.</summary>
    public static string Merge(string generated, string? existing)
    {
        var marker = existing?.IndexOf(EndOfGenerated, StringComparison.Ordinal) ?? -1;
        var kept = marker < 0 ? Environment.NewLine : existing![(marker + EndOfGenerated.Length)..];
        return generated + EndOfGenerated + kept;
    }

    public static string Markdown(
        DateTimeOffset date, string commit, string machine, LoadAverages load, IdleCpu idle, CpuResult[] cpu, LatencyResult[] latencies, ThroughputResult[] throughput, PageWeight[] pages, double b3, double b3n, double s3, IReadOnlyList<long> coldStartsMs, Ratio[] ratios)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Written by `bench/run.sh` on {date:yyyy-MM-dd HH:mm} UTC, commit `{commit}`, {machine}; load average {load.AtStart} when the measurements began, {load.AtEnd} when they ended (the cores are shared with other builds and tests).");
        md.AppendLine("CPU per operation is the headline: it is far steadier than latency on 2 shared cores. Each scenario runs alone for it, saturated: "
            + "4 closed-loop clients send a fixed number of operations as fast as they are answered (after a warm-up pass of the same and once the service has settled), "
            + "and all CPU of the interval is divided by the operations. The service is its process, PostgreSQL the postmaster with its backends (exited ones included) "
            + "of a durable cluster serving only the benchmark. Every scenario and floor is measured in three rounds, taking turns; a row is the median round "
            + "(the rounds' totals in their column), and a ratio of a scenario to its floor is the median of the ratios within each round. The next two columns are the benchmark process's own CPU per operation (its clients, and the mail sink), in no figure, and the cores all three used together; "
            + "the last, the context switches per operation of the service, of PostgreSQL's live processes and of the benchmark process (/proc/PID/task/TID/status).").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Idle, with nothing sent for {idle.Seconds} s: the service {idle.ServiceMsPerSecond} ms of CPU per second, PostgreSQL {idle.PostgresMsPerSecond} ms per second.");
        md.AppendLine("The figures below include it; the two \"net of idle\" columns subtract the idle CPU of each interval's length, for comparison only.").AppendLine();
        md.AppendLine("| CPU per operation | operations | per second | service ms | PostgreSQL ms | total ms | service cores | PostgreSQL cores | service net of idle | PostgreSQL net of idle | tier-1 JIT ms | rounds' totals | benchmark process ms | all three, cores | context switches: service / PostgreSQL / benchmark |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var c in cpu)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Name}{(c.Process == "service" ? string.Empty : $" (service columns: the {c.Process})")} | {c.Operations} | {c.PerSecond} | {c.ServiceMsPerOp} | {c.PostgresMsPerOp} | **{c.TotalMsPerOp}** | {c.ServiceCores} | {c.PostgresCores} | {c.ServiceNetOfIdleMsPerOp} | {c.PostgresNetOfIdleMsPerOp} | {c.JitMs} | {Joined(c.RoundsTotalMsPerOp)} | {c.BenchmarkMsPerOp} | {c.BusyCores} | {c.SwitchesPerOp} |");
        }

        md.AppendLine().AppendLine("| target | value | target | met | rounds |").AppendLine("|---|---|---|---|---|");
        foreach (var ratio in ratios)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {ratio.Name} | {ratio.Value} | {ratio.Target} | {(ratio.Met ? "yes" : "**no**")} | {Joined(ratio.Rounds)} |");
        }

        md.AppendLine().AppendLine("Open-loop fixed-rate load; latencies are measured from when each request was due.").AppendLine();
        md.AppendLine("| measurement | rate/s | requests | failures | p50 ms | p99 ms |").AppendLine("|---|---|---|---|---|---|");
        foreach (var l in latencies)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {l.Name} | {l.RatePerSecond} | {l.Requests} | {l.Failures} | {l.P50Ms} | {l.P99Ms} |");
        }

        md.AppendLine().AppendLine("| closed loop (the CPU runs above) | clients | requests | failures | seconds | per second |").AppendLine("|---|---|---|---|---|---|");
        foreach (var t in throughput)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {t.Name} | {t.Clients} | {t.Requests} | {t.Failures} | {t.Seconds} | {t.PerSecond} |");
        }

        md.AppendLine().AppendLine("Console pages as a signed-in user reaches them (the session from the OpenID provider the benchmark runs), with the stylesheet and scripts they load; uncompressed.").AppendLine();
        md.AppendLine("| console page | status | HTML kB | CSS + script kB | total kB |").AppendLine("|---|---|---|---|---|");
        foreach (var p in pages)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| `{p.Page}` | {p.Status} | {p.HtmlKilobytes} | {p.AssetsKilobytes} | {p.TotalKilobytes} |");
        }

        md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Mail: B3 MailKit over one connection {b3:F1} mails/s; B3n connect per mail {b3n:F1} mails/s; S3 service accepted-to-delivered, 4 posters, {s3:F1} mails/s. Cold starts {string.Join(", ", coldStartsMs)} ms (the median counts).");
        md.AppendLine().AppendLine("How the numbers are made, what the profiles showed, and why some targets are not met: [benchmark-notes.md](benchmark-notes.md).").AppendLine();
        return md.ToString();
    }

    private static string Joined(double[]? rounds) => rounds is null ? string.Empty : string.Join(" / ", rounds.Select(r => r.ToString(CultureInfo.InvariantCulture)));
}
