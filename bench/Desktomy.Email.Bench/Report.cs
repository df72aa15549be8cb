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

    public static string Markdown(DateTimeOffset date, string commit, string machine, LatencyResult[] latencies, double b3, double b3n, double s3, IReadOnlyList<long> coldStartsMs, Ratio[] ratios)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Written by `bench/run.sh` on {date:yyyy-MM-dd HH:mm} UTC, commit `{commit}`, {machine}.");
        md.AppendLine("Open-loop fixed-rate load; latencies are measured from when each request was due. Ratios matter more than absolute numbers on 2 shared cores.").AppendLine();
        md.AppendLine("| ratio | value | target | met |").AppendLine("|---|---|---|---|");
        foreach (var ratio in ratios)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {ratio.Name} | {ratio.Value} | {ratio.Target} | {(ratio.Met ? "yes" : "**no**")} |");
        }

        md.AppendLine().AppendLine("| measurement | rate/s | requests | failures | p50 ms | p99 ms |").AppendLine("|---|---|---|---|---|---|");
        foreach (var l in latencies)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {l.Name} | {l.RatePerSecond} | {l.Requests} | {l.Failures} | {l.P50Ms} | {l.P99Ms} |");
        }

        md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Mail: B3 MailKit over one connection {b3:F1} mails/s; B3n connect per mail {b3n:F1} mails/s; S3 service accepted-to-delivered {s3:F1} mails/s. Cold starts {string.Join(", ", coldStartsMs)} ms (the median counts).");
        md.AppendLine().AppendLine("How the numbers are made, what the profiles showed, and why some targets are not met: [benchmark-notes.md](benchmark-notes.md).").AppendLine();
        return md.ToString();
    }
}
