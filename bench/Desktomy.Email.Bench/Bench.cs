using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Desktomy.Email.Api.Auth;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Persistence;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Settings;
using Desktomy.Email.MailCatcher;
using JasperFx;
using MailKit.Net.Smtp;
using Marten;
using Microsoft.Extensions.Options;
using Desktomy.Email.OpenIdProvider;

namespace Desktomy.Email.Bench;

/// <summary>
/// Measures the service against the physical floors of its work in one run on this machine and writes
/// bench/results.json and docs/benchmarks.md. Ratios matter; absolute numbers are noisy on 2 shared cores.
/// </summary>
internal static class Bench
{
    private const string SigningKey = "desktomy-bench-signing-key-0123456789abcdef";
    private const int Tenants = 200;

    /// <param name="args">Empty for the full run; <c>--profile s1|s2|…[,…] [--no-trace]</c> runs the scenarios named, one after the other, for 20 s each (under dotnet-trace) instead.</param>
    public static async Task<int> Main(string[] args)
    {
        var profiles = args is ["--profile", var scenarios, ..] ? scenarios.ToLowerInvariant().Split(',') : null;
        var trace = !args.Contains("--no-trace");
        var database = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=desktomy_bench";

        // The service, the floors and the set-up share one server (max_connections 100): each gets its own share.
        var connectionString = $"{database};Maximum Pool Size=40";
        var schema = $"bench_{RandomNumberGenerator.GetHexString(6, lowercase: true)}";
        var repository = RepositoryRoot();

        // The sink counts and parses every message but keeps none: kept, the parsed messages grew the benchmark process to
        // 422 MB in one --profile b3,s3,s6 run (257 MB without), and each completion check copied the whole list.
        await using var sink = await MailCatcherServer.StartAsync(new MailCatcherOptions { KeepMessages = false });
        await using var identityProvider = await TestOpenIdProvider.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Postgres"] = connectionString,
            ["Postgres:Schema"] = schema,
            ["Auth:SigningKey"] = SigningKey,
            ["Secrets:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Mail:Platform:Host"] = "127.0.0.1",
            ["Mail:Platform:Port"] = sink.Port.ToString(CultureInfo.InvariantCulture),
            ["Mail:Platform:Security"] = "None",
            ["RateLimits:MailsPerMinute"] = "10000000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        ConsoleScenario.Configure(settings, identityProvider);

        await DropEarlierRunsAsync(database);
        Console.WriteLine("applying the schema with the service's own commands (db-apply, resources setup)...");
        await ServiceUnderTest.ApplySchemaAsync(settings);
        await using var floors = await Floors.StartAsync($"{database};Maximum Pool Size=20", $"{schema}_floor");
        using var own = await OwnCommit.StartAsync($"{database};Maximum Pool Size=10", schema);
        var tokens = new DevelopmentTokens(new AuthOptions { SigningKey = SigningKey }, TimeProvider.System);

        // Cold start is one number per process, and start-up times on 2 shared cores scatter by a few hundred ms:
        // three starts, the median counts. The third process stays up for everything else.
        var coldStarts = new List<long>();
        ServiceUnderTest? started = null;
        for (var start = 1; start <= 3; start++)
        {
            if (started is not null)
            {
                await started.DisposeAsync();
            }

            started = ServiceUnderTest.Start(settings, FreeAddress());
            using var starting = new HttpClient { BaseAddress = started.Address };
            coldStarts.Add(await ColdStartAsync(new HttpClientApi(starting), tokens, started, $"bench-cold-{start}"));
        }

        await using var service = started!;
        using var http = new HttpClient { BaseAddress = service.Address };
        // The open loops' requests (latency) through HttpClient; the saturated loops' through a lean client (ServiceApi.cs).
        var api = new HttpClientApi(http);
        using var lean = new LeanHttp(service.Address);
        var cpu = new CpuMeter(service.ProcessId, await floors.PostmasterPidAsync());
        var coldStartMs = coldStarts.Order().ElementAt(1);
        Console.WriteLine($"cold start to first command: {string.Join(", ", coldStarts)} ms; median {coldStartMs} ms");
        var versions = await CreateTenantsAsync(api, tokens);
        using var console = await ConsoleScenario.SignInAsync(service.Address, identityProvider, ConsoleScenario.TenantAdmin);

        await OpenLoop.RunAsync("warm-up", 100, TimeSpan.FromSeconds(5), i => SenderNameAsync(api, tokens, versions, i, "w"));
        // The open loops of S1's and S2's latency: each scenario takes turns with its floors in one loop (below).
        async Task<(LatencyResult B1, LatencyResult S1)> WritesLoopAsync()
        {
            var writes = await OpenLoop.RunAsync(["B1 floor: prepared autocommit UPDATE (durable commit)", "S1 PUT sender-name with If-Match"], 200, TimeSpan.FromSeconds(15),
                i => i % 2 == 0 ? floors.CommitAsync(i) : SenderNameAsync(api, tokens, versions, i, "o"));
            return (writes[0], writes[1]);
        }

        // D1 beside B1 in a loop of their own (S1's loop stays as it was): what PostgreSQL's work on a PUT's rows adds to B1's commit.
        async Task<(LatencyResult B1, LatencyResult D1)> OwnCommitLoopAsync()
        {
            var commits = await OpenLoop.RunAsync(["B1 beside D1", OwnCommit.Name], 200, TimeSpan.FromSeconds(10), i => i % 2 == 0 ? floors.CommitAsync(i) : own.ChangeAsync(i));
            return (commits[0], commits[1]);
        }

        async Task<(LatencyResult B0, LatencyResult B2, LatencyResult S2)> ReadsLoopAsync()
        {
            Task<bool> Read(int i) => (i % 3) switch { 0 => LiveAsync(api), 1 => floors.ReadAsync(i), _ => GetAsync(api, tokens, SettingsPath(i), Tenant(i)) };
            await OpenLoop.RunAsync(["B0 warm-up", "B2 warm-up", "S2 warm-up"], 600, TimeSpan.FromSeconds(3), Read);
            var reads = await OpenLoop.RunAsync(["B0 floor: GET /health/live", "B2 floor: prepared point SELECT", "S2 GET email-settings"], 600, TimeSpan.FromSeconds(10), Read);
            return (reads[0], reads[1], reads[2]);
        }
        // The scenarios whose CPU per operation is measured saturated: SaturatingClients closed-loop clients, a fixed
        // number of operations, each after a warm-up pass of its own (a third as many) and once the service has settled.
        var saturated = new Dictionary<string, (string Name, int Operations, Func<int, Task<bool>> Request)>
        {
            ["b0"] = ("B0 floor: GET /health/live", 20_000, _ => LiveAsync(lean)),
            ["b1"] = ("B1 floor: prepared autocommit UPDATE (durable commit)", 6000, floors.CommitAsync),
            ["s1"] = ("S1 PUT sender-name with If-Match", 6000, i => SenderNameAsync(lean, tokens, versions, i, "s")),
            ["d1"] = (OwnCommit.Name, 6000, own.ChangeAsync),
            ["b2"] = ("B2 floor: prepared point SELECT", 20_000, i => floors.ReadAsync(i)),
            ["s2"] = ("S2 GET email-settings", 12_000, i => GetAsync(lean, tokens, SettingsPath(i), Tenant(i))),
            ["c1"] = ("C1 console settings page, server-rendered", 3000, _ => ConsoleScenario.PageAsync(console)),
        };
        async Task<(CpuResult Cpu, ThroughputResult Loop)> Saturated(string key, Func<Func<Task<int>>, Task<int>>? around = null, bool warmUp = true)
        {
            var (name, operations, request) = saturated[key];
            if (warmUp)
            {
                await ClosedLoop.RunAsync($"{key} warm-up", SaturatingClients, Math.Max(operations / 2, 4000), request);
            }

            await VacuumAsync(database, schema);
            await cpu.SettleAsync();
            ThroughputResult? loop = null;
            async Task<int> Loop() => (loop = await ClosedLoop.RunAsync(name, SaturatingClients, operations, request)).Requests;
            var measured = await cpu.MeasureAsync(name, around is null ? Loop : () => around(Loop));
            await VacuumAfterAsync(name, operations);
            return (measured, loop!);
        }

        // What vacuuming the measured pass's dead rows costs, per operation: printed beside the figure, not in it.
        async Task VacuumAfterAsync(string name, int operations) =>
            await cpu.MeasureAsync($"{name}: VACUUM of what it left", async () =>
            {
                await VacuumAsync(database, schema, analyze: false);
                return operations;
            });

        // The mail scenarios' CPU figures, measured as the others are: saturated (4 posters as fast as they are answered;
        // B3 one connection as fast as the sink answers), a fixed number of mails, after a warm-up pass as large and once
        // the service has settled. Their mails/s come from the same measured pass.
        var (b3, s3) = (0.0, 0.0);
        var mail = new Dictionary<string, (string Name, int Mails, Func<Task<int>> Pass)>
        {
            ["b3"] = ("B3 floor: MailKit alone, one connection to the sink", MailKitMails, async () =>
            {
                b3 = await MailKitAsync(sink, reuse: true, MailKitMails);
                return MailKitMails;
            }),
            // MailKit's client alone (B3's figure also holds the sink's): synchronous, on a thread whose CPU is the figure (MailKitFloor).
            ["b3s"] = ("B3s floor: MailKit's client alone, synchronous, one connection to the sink", MailKitMails,
                () => Task.Factory.StartNew(() => MailKitFloor.Send(sink.Port, MailKitMails), TaskCreationOptions.LongRunning)),
            ["s3"] = ("S3 mail, single POSTs by 4 posters, accepted to the sink", SingleMails, async () =>
            {
                s3 = await ServiceMailAsync(lean, tokens, sink, SingleMails);
                return SingleMails;
            }),
            ["s6"] = ("S6 mail, POST emails/batch of 100 by 4 posters back to back, accepted to the sink", SaturatedBatches * BatchSize,
                () => SaturatedBatchMailAsync(lean, tokens, sink, SaturatedBatches)),
        };
        async Task<(CpuResult Cpu, double MailsPerSecond)> Mail(string key, Func<Func<Task<int>>, Task<int>>? around = null, bool warmUp = true)
        {
            var (name, _, pass) = mail[key];
            if (warmUp)
            {
                await pass();
            }

            await VacuumAsync(database, schema);
            await cpu.SettleAsync();
            var measured = around is null ? pass : () => around(pass);
            if (key == "b3")
            {
                return (await cpu.MeasureSelfAsync(name, measured), b3);
            }

            if (key == "b3s")
            {
                var onThread = await cpu.MeasureThreadAsync(name, () => MailKitFloor.Send(sink.Port, MailKitMails));
                return (onThread, onThread.PerSecond);
            }

            var result = await cpu.MeasureAsync(name, measured);
            await VacuumAfterAsync(name, mail[key].Mails);
            return (result, key == "s3" ? s3 : result.PerSecond);
        }

        foreach (var profile in profiles ?? [])
        {
            if (mail.TryGetValue(profile, out var m))
            {
                // Traced: after the warm-up pass, passes back to back for the trace's 20 s. Measured (--no-trace) as in the full run.
                var sql = new SqlCounter(database);
                if (trace)
                {
                    await m.Pass();
                    await cpu.SettleAsync();
                }

                await Profiler.RunAsync(service, repository, profile, trace, trace ? async () =>
                {
                    for (var clock = Stopwatch.StartNew(); clock.Elapsed < Profiler.Duration;)
                    {
                        await m.Pass();
                    }
                } : async () =>
                {
                    await cpu.SettleAsync();
                    await cpu.IdleAsync(TimeSpan.FromSeconds(10));
                    await Mail(profile, pass => cpu.ThreadsAsync(() => sql.MeasureAsync(m.Mails, pass)));
                });
                continue;
            }

            if (profile == "lat")
            {
                // The latency loops of the full run (S1 beside B1; B0, B2 and S2 side by side), three times, with their ratios.
                for (var pass = 1; pass <= 3; pass++)
                {
                    var (b1p, s1p) = await WritesLoopAsync();
                    var (b0p, b2p, s2p) = await ReadsLoopAsync();
                    var (b1d, d1p) = await OwnCommitLoopAsync();
                    Console.WriteLine($"pass {pass}: S1 p50 / (B0 + B1) p50 = {s1p.P50Ms / (b0p.P50Ms + b1p.P50Ms):F2}; S2 p50 / (B0 + B2) p50 = {s2p.P50Ms / (b0p.P50Ms + b2p.P50Ms):F2}; D1 p50 - B1 p50 = {d1p.P50Ms - b1d.P50Ms:F3} ms");
                }

                continue;
            }

            var bigHistory = profile == "s4" ? (await HistoryTenantsAsync($"{database};Maximum Pool Size=5", schema)).Big : null;
            var (operations, run) = profile switch
            {
                // Traced for 20 s at saturation; measured (--no-trace) as in the full run.
                _ when saturated.TryGetValue(profile, out var s) => (s.Operations, (Func<Task>)(async () => await ClosedLoop.RunAsync(s.Name, SaturatingClients, Profiler.Duration, s.Request))),
                "s4" => (2000, async () => await OpenLoop.RunAsync(["S4 10,000 events", "S4 10 events"], 100, Profiler.Duration, i => GetAsync(api, tokens, $"/api/v1/tenants/{(i % 2 == 0 ? bigHistory : "bench-history-small")}/email-settings/history?limit=10", null))),
                // The batch's acceptance as the full run measures its latency: 4 batches of 100 a second (each delivered
                // meanwhile), after a pass of S6 and an ANALYZE, as in the full run (its CPU figure includes that pass).
                "s6a" => ((SaturatedBatches + 80) * BatchSize, async () =>
                {
                    await SaturatedBatchMailAsync(lean, tokens, sink, SaturatedBatches);
                    await VacuumAsync(database, schema);
                    await OpenLoop.RunAsync("S6 a batch of 100 accepted", 4, Profiler.Duration, i => PostBatchAsync(api, tokens, i));
                }),
                "s5" => (ImportScenario.Tenants, async () => await ImportScenario.RunAsync(http, tokens, service)),
                "idle" => (1, () => Task.Delay(Profiler.Duration)), // the service's own background work: CPU per 20 s
                _ => throw new ArgumentException($"Unknown scenario '{profile}'; use {string.Join(", ", saturated.Keys.Concat(mail.Keys))}, s4, s5, s6a, lat or idle."),
            };
            await Profiler.RunAsync(service, repository, profile, trace, trace ? run : async () =>
            {
                // Without the tracer the scenario is measured: the idle CPU, then CPU and SQL per operation.
                var sql = new SqlCounter(database);
                await cpu.SettleAsync();
                await cpu.IdleAsync(TimeSpan.FromSeconds(10));
                if (saturated.ContainsKey(profile))
                {
                    await Saturated(profile, loop => cpu.ThreadsAsync(() => sql.MeasureAsync(operations, loop)));
                    return;
                }

                await cpu.SettleAsync();
                await cpu.MeasureAsync(profile, () => cpu.ThreadsAsync(() => sql.MeasureAsync(operations, run)));
            });
        }

        if (profiles is not null)
        {
            return 0;
        }

        var loadAtStart = LoadAverage();

        // The floors get the same warm-up as the service (connections opened, statements prepared, code jitted).
        await OpenLoop.RunAsync("floors warm-up", 100, TimeSpan.FromSeconds(3), i => i % 2 == 0 ? floors.CommitAsync(i) : floors.ReadAsync(i));
        await OpenLoop.RunAsync("B0 warm-up", 100, TimeSpan.FromSeconds(2), _ => LiveAsync(api));

        // A first pass over the mail paths (single mails and batches) before anything is measured; each mail scenario gets
        // a warm-up pass of its own as large as the measured one just before its figure.
        await ServiceMailAsync(lean, tokens, sink, mails: 300);
        await BatchMailAsync(api, tokens, sink, batches: 8);

        // Latency in open loops at fixed low rates, where queueing does not hide the service's own time. Each scenario
        // takes turns with its floors in one loop, so both are measured under the same conditions (alone, a floor
        // measured in another second of shared disks and cores could come out slower than the work it is the floor of).
        var (b1, s1) = await WritesLoopAsync();
        var (b0, b2, s2) = await ReadsLoopAsync();
        var (b1BesideD1, d1) = await OwnCommitLoopAsync();

        // The console's settings page beside the API's GET of the same tenant's settings, taking turns in one open loop.
        Task<bool> PageOrApi(int i) => i % 2 == 0 ? ConsoleScenario.PageAsync(console) : GetAsync(api, tokens, $"/api/v1/tenants/{ConsoleScenario.Tenant}/email-settings", ConsoleScenario.Tenant);
        await OpenLoop.RunAsync(["C1 warm-up", "S2 warm-up"], 100, TimeSpan.FromSeconds(3), PageOrApi);
        var c1 = await OpenLoop.RunAsync(["C1 console settings page (server-rendered HTML)", "S2 beside it: GET email-settings of the same tenant"], 100, TimeSpan.FromSeconds(10), PageOrApi);
        var (c1Page, c1Api) = (c1[0], c1[1]);

        // Each scenario runs alone for its CPU figure: nothing else is sent to the service or PostgreSQL meanwhile.
        // First the idle CPU of both sides, reported beside the figures (which carry it: they divide all CPU by the operations).
        await cpu.SettleAsync();
        var idle = await cpu.IdleAsync(TimeSpan.FromSeconds(10));
        // Rounds: every scenario and its floors are measured once per round, in turn, and each figure is the median of its
        // rounds (all of them are kept in results.json). A ratio of a scenario to its floor is taken within each round,
        // where both saw the same minute of the shared cores and disk, and its median counts. With one pass of each, the
        // same code's figures moved by 15-30 % between runs (docs/benchmark-notes.md, rounds 7 and 8).
        var cpuResults = new List<CpuResult>();
        var cpuRounds = new Dictionary<string, List<CpuResult>>();
        var loops = saturated.Keys.ToDictionary(key => key, _ => new List<ThroughputResult>());
        var mailRates = mail.Keys.ToDictionary(key => key, _ => new List<double>());
        // PostgreSQL's side of each figure (statements, commits, WAL, checkpoints, autovacuum) printed beside it.
        var postgres = new SqlCounter(database);
        void Add(string key, CpuResult measured) => (cpuRounds.TryGetValue(key, out var list) ? list : cpuRounds[key] = []).Add(measured);
        for (var round = 1; round <= Rounds; round++)
        {
            Console.WriteLine($"round {round} of {Rounds}");
            foreach (var key in saturated.Keys)
            {
                var (measured, loop) = await Saturated(key, pass => postgres.MeasureAsync(saturated[key].Operations, pass), warmUp: round == 1);
                Add(key, measured);
                loops[key].Add(loop);
            }

            // The mail scenarios, each after its warm-up pass in the first round (in a fresh process the tiered compiler was
            // still at work on the mail paths during a measured pass of 1,000 mails: 0.15 ms per mail of one-time work).
            foreach (var key in mail.Keys)
            {
                var (measured, perSecond) = await Mail(key, pass => postgres.MeasureAsync(mail[key].Mails, pass), warmUp: round == 1);
                Add(key, measured);
                mailRates[key].Add(perSecond);
            }
        }

        foreach (var rounds in cpuRounds.Values)
        {
            var median = rounds.OrderBy(r => r.TotalMsPerOp).ElementAt(rounds.Count / 2);
            cpuResults.Add(median with { RoundsTotalMsPerOp = [.. rounds.Select(r => r.TotalMsPerOp)] });
        }

        // Closed-loop rates and the mail rates: the round whose ratio to its floor is the median.
        var s1Round = MedianRound(loops["s1"].Select((s, r) => s.PerSecond / loops["b1"][r].PerSecond).ToList());
        var (b1x4, s1x4, d1x4) = (loops["b1"][s1Round], loops["s1"][s1Round], loops["d1"][s1Round]);
        var s3Ratios = mailRates["s3"].Select((s, r) => s / mailRates["b3"][r]).ToList();
        var s3Round = MedianRound(s3Ratios);
        (b3, s3) = (mailRates["b3"][s3Round], mailRates["s3"][s3Round]);

        var b3n = await MailKitAsync(sink, reuse: false, mails: 300);
        // The acceptance latency of a batch stays an open loop at a fixed low rate (4 batches a second), on warm code.
        var s6Accepted = await BatchMailAsync(api, tokens, sink, batches: 20);
        var s7 = await DeliveryLatencyAsync(api, tokens, sink, perSecond: Math.Max(1, (int)(s3 / 2)));

        var (big, small) = await HistoryTenantsAsync($"{database};Maximum Pool Size=5", schema);
        // The same page size for both (10 items), so the ratio shows how a page depends on the history's length.
        // Both tenants in one open loop, taking turns, after a warm-up of the same: side by side, under the same conditions.
        Task<bool> HistoryPage(int i) => GetAsync(api, tokens, $"/api/v1/tenants/{(i % 2 == 0 ? big : small)}/email-settings/history?limit=10", null);
        await OpenLoop.RunAsync("S4 warm-up", 100, TimeSpan.FromSeconds(3), HistoryPage);
        var s4 = await OpenLoop.RunAsync(["S4 first history page (10 items), 10,000 events", "S4 first history page (10 items), 10 events"], 100, TimeSpan.FromSeconds(8), HistoryPage);
        var (s4Big, s4Small) = (s4[0], s4[1]);
        var s5 = await ImportScenario.RunAsync(http, tokens, service);
        using var support = await ConsoleScenario.SignInAsync(service.Address, identityProvider, ConsoleScenario.Support);
        using var anonymous = new HttpClient { BaseAddress = service.Address };
        var weights = await ConsoleScenario.WeightsAsync(console, support, anonymous);
        var heaviest = weights.Max(w => w.TotalKilobytes);
        var peakRss = service.PeakRssMegabytes();
        var load = new LoadAverages(loadAtStart, LoadAverage());

        double CpuOf(string prefix) => cpuResults.First(c => c.Name.StartsWith(prefix, StringComparison.Ordinal)).TotalMsPerOp;
        var ratios = new[]
        {
            new Ratio("S3 CPU per mail, service + PostgreSQL (ms)", CpuOf("S3"), "<= 1.0", CpuOf("S3") <= 1.0),
            new Ratio("S6 CPU per mail in batches of 100 (ms)", CpuOf("S6"), "<= 0.4", CpuOf("S6") <= 0.4),
            new Ratio("S1 CPU per command (ms)", CpuOf("S1"), "<= 0.6", CpuOf("S1") <= 0.6),
            new Ratio("S2 CPU per request (ms)", CpuOf("S2"), "<= 0.25", CpuOf("S2") <= 0.25),
            new Ratio("S3 mails/s (4 posters) / B3 mails/s", Math.Round(s3 / b3, 2), ">= 0.5", s3 / b3 >= 0.5) { Rounds = Rounded(s3Ratios) },
            new Ratio("S1 p50 / (B0 + B1) p50", Math.Round(s1.P50Ms / (b0.P50Ms + b1.P50Ms), 2), "<= 1.5", s1.P50Ms / (b0.P50Ms + b1.P50Ms) <= 1.5),
            new Ratio("S1x4 / B1x4 per second", Math.Round(s1x4.PerSecond / b1x4.PerSecond, 2), ">= 0.5", s1x4.PerSecond / b1x4.PerSecond >= 0.5)
            {
                Rounds = Rounded([.. loops["s1"].Select((s, r) => s.PerSecond / loops["b1"][r].PerSecond)]),
            },
            new Ratio("S2 p50 / (B0 + B2) p50", Math.Round(s2.P50Ms / (b0.P50Ms + b2.P50Ms), 2), "<= 1.5", s2.P50Ms / (b0.P50Ms + b2.P50Ms) <= 1.5),
            new Ratio("C1 console settings page p50 / S2 GET settings p50 (side by side)", Math.Round(c1Page.P50Ms / c1Api.P50Ms, 2), $"<= {ConsoleScenario.TargetRatio}", c1Page.P50Ms / c1Api.P50Ms <= ConsoleScenario.TargetRatio),
            new Ratio("heaviest console page, HTML + CSS + script (kB)", heaviest, $"<= {ConsoleScenario.MaxPageKilobytes}", heaviest <= ConsoleScenario.MaxPageKilobytes && weights.All(w => w.Status is 200 or 403)),
            new Ratio("S7 accepted to sent p50 at half S3's rate (ms)", s7.P50Ms, "<= 50", s7.P50Ms <= 50),
            new Ratio("S6 a 100-mail batch accepted p50 (ms)", s6Accepted.P50Ms, "<= 15", s6Accepted.P50Ms <= 15),
            new Ratio("S3 mails/s / B3n mails/s", Math.Round(s3 / b3n, 2), ">= 3", s3 / b3n >= 3),
            new Ratio("S4 p50 at 10k / at 10", Math.Round(s4Big.P50Ms / s4Small.P50Ms, 2), "<= 1.2", s4Big.P50Ms / s4Small.P50Ms <= 1.2),
            new Ratio("S5 import of 10,000 tenants (s)", s5.Seconds, $"<= {ImportScenario.TargetSeconds}", s5.Imported == ImportScenario.Tenants && s5.Seconds <= ImportScenario.TargetSeconds),
            new Ratio("cold start to first command (s)", Math.Round(coldStartMs / 1000.0, 2), "<= 1.5", coldStartMs <= 1500),
            new Ratio("peak RSS (MB)", peakRss, "<= 250", peakRss <= 250),
        };

        var results = new
        {
            date = DateTimeOffset.UtcNow,
            commit = Git(repository, "rev-parse", "--short", "HEAD"),
            machine = Machine(),
            loadAverage = load,
            idleCpu = idle,
            cpuPerOperation = cpuResults,
            ratios,
            latencies = new[] { b0, b1, s1, b2, s2, b1BesideD1, d1, c1Page, c1Api, s6Accepted, s7, s4Big, s4Small },
            consolePages = weights,
            throughput = new[] { b1x4, s1x4, d1x4 },
            mailsPerSecond = new { b3 = Math.Round(b3, 1), b3n = Math.Round(b3n, 1), s3 = Math.Round(s3, 1), b3Rounds = Rounded(mailRates["b3"], 1), s3Rounds = Rounded(mailRates["s3"], 1) },
            import = s5,
            coldStartMs,
            coldStartsMs = coldStarts,
            peakRssMegabytes = peakRss,
        };
        await File.WriteAllTextAsync(Path.Combine(repository, "bench", "results.json"), JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
        var markdown = Path.Combine(repository, "docs", "benchmarks.md");
        var generated = Report.Markdown(results.date, results.commit, results.machine, load, idle, [.. cpuResults], [.. results.latencies], [b1x4, s1x4, d1x4], weights, b3, b3n, s3, coldStarts, ratios);
        await File.WriteAllTextAsync(markdown, Report.Merge(generated, File.Exists(markdown) ? await File.ReadAllTextAsync(markdown) : null));
        foreach (var ratio in ratios)
        {
            Console.WriteLine($"{ratio.Name,-48} {ratio.Value,8}  target {ratio.Target,-7} {(ratio.Met ? "met" : "NOT met")}");
        }

        return 0;
    }

    /// <summary>Closed-loop clients for the CPU figures: enough to keep both cores busy, as a loaded server runs.</summary>
    private const int SaturatingClients = 4;

    private static byte[] Json<T>(T body) => JsonSerializer.SerializeToUtf8Bytes(body);

    private static string Tenant(int i) => $"bench-{i % Tenants:D3}";

    private static string SettingsPath(int i) => $"/api/v1/tenants/{Tenant(i)}/email-settings";

    /// <summary>Until the first command (a new tenant's primary e-mail, so it appends) is answered.</summary>
    private static async Task<long> ColdStartAsync(HttpClientApi api, DevelopmentTokens tokens, ServiceUnderTest service, string tenant)
    {
        while (true)
        {
            try
            {
                var response = await api.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{tenant}/email-settings/primary-email", Bearer(tokens, tenant), Json(new { primaryEmail = "biuro@acme.pl" }));
                if (response.IsSuccess)
                {
                    return service.SinceStart.ElapsedMilliseconds;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(20);
        }
    }

    private static async Task<long[]> CreateTenantsAsync(HttpClientApi api, DevelopmentTokens tokens)
    {
        var versions = new long[Tenants];
        for (var i = 0; i < Tenants; i++)
        {
            var response = await api.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{Tenant(i)}/email-settings/primary-email", Bearer(tokens, Tenant(i)), Json(new { primaryEmail = "biuro@acme.pl" }));
            versions[i] = response.ETag ?? throw new InvalidOperationException($"No version for {Tenant(i)}: {response.Status}");
        }

        return versions;
    }

    /// <summary>Requests to one tenant are a second apart at 100/s over 200 tenants, so each If-Match is current.</summary>
    private static async Task<bool> SenderNameAsync(IServiceApi api, DevelopmentTokens tokens, long[] versions, int i, string prefix)
    {
        var slot = i % Tenants;
        var response = await api.SendAsync(HttpMethod.Put, $"/api/v1/tenants/{Tenant(i)}/email-settings/sender-name", Bearer(tokens, Tenant(i)),
            Json(new { senderName = $"{prefix} {i}" }), ifMatch: $"\"{Interlocked.Read(ref versions[slot])}\"");
        if (response.ETag is { } version)
        {
            Interlocked.Exchange(ref versions[slot], version);
        }

        return response.IsSuccess;
    }

    private static async Task<bool> GetAsync(IServiceApi api, DevelopmentTokens tokens, string path, string? tenant) =>
        (await api.SendAsync(HttpMethod.Get, path, Bearer(tokens, tenant))).IsSuccess;

    /// <summary>A tenant admin's token for <paramref name="tenant"/>; an auditor's (every tenant) when it is null.</summary>
    private static string Bearer(DevelopmentTokens tokens, string? tenant) => Token(tokens, tenant, tenant is null ? [Roles.Auditor] : [Roles.TenantAdmin]);

    private static readonly Dictionary<string, string> TokenCache = [];

    private static string Token(DevelopmentTokens tokens, string? tenant, string[] roles)
    {
        var key = $"{tenant}|{roles[0]}";
        lock (TokenCache)
        {
            return TokenCache.TryGetValue(key, out var token) ? token : TokenCache[key] = tokens.Issue("bench", roles, tenant);
        }
    }

    /// <summary>B3: MailKit straight to the sink, over one connection or one connection per mail.</summary>
    private static async Task<double> MailKitAsync(MailCatcherServer sink, bool reuse, int mails)
    {
        var clock = Stopwatch.StartNew();
        SmtpClient? client = null;
        for (var i = 0; i < mails; i++)
        {
            if (client is null)
            {
                // The floor is the best MailKit can do: a socket without Nagle's delay, as the service uses.
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, sink.Port);
                client = new SmtpClient();
                await client.ConnectAsync(socket, "127.0.0.1", sink.Port, MailKit.Security.SecureSocketOptions.None);
            }

            await client.SendAsync(MailKitFloor.Message(i));
            if (!reuse)
            {
                await client.DisconnectAsync(true);
                client.Dispose();
                client = null;
            }
        }

        client?.Dispose();
        var perSecond = mails / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"B3{(reuse ? string.Empty : "n")} MailKit {(reuse ? "one connection" : "connect per mail")}: {perSecond:F1} mails/s");
        return perSecond;
    }

    /// <summary>S3: mails accepted by POST …/emails from 4 posters until the sink has them all.</summary>
    private static async Task<double> ServiceMailAsync(IServiceApi api, DevelopmentTokens tokens, MailCatcherServer sink, int mails)
    {
        var before = sink.Count;
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < mails; i = Interlocked.Increment(ref next))
            {
                await PostMailAsync(api, tokens, i, $"S3 {i}");
            }
        })));
        var accepted = clock.Elapsed;
        await DeliveredAsync(sink, before + mails, clock);
        var perSecond = (sink.Count - before) / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"S3 service, accepted to delivered: {perSecond:F1} mails/s (all accepted after {accepted.TotalSeconds:F1} s, delivered after {clock.Elapsed.TotalSeconds:F1} s)");
        return perSecond;
    }

    private const int BatchSize = 100;

    /// <summary>Rounds of the CPU figures and closed loops in a full run; each figure is the median of its rounds.</summary>
    private const int Rounds = 3;

    /// <summary>The round whose value is the median (of an odd number of rounds).</summary>
    private static int MedianRound(List<double> values) =>
        Enumerable.Range(0, values.Count).OrderBy(r => values[r]).ElementAt(values.Count / 2);

    private static double[] Rounded(IEnumerable<double> values, int digits = 2) => [.. values.Select(v => Math.Round(v, digits))];

    /// <summary>Mails of S3's measured pass (and of its warm-up pass): enough that one-time work is no visible share.</summary>
    private const int SingleMails = 4000;

    /// <summary>B3's mails per pass: as many as S3's.</summary>
    private const int MailKitMails = SingleMails;

    /// <summary>Batches of 100 of S6's saturated pass (and of its warm-up pass).</summary>
    private const int SaturatedBatches = 60;

    /// <summary>S6's CPU figure: batches of 100 from 4 posters back to back (a closed loop), until the sink has all their mails.</summary>
    private static async Task<int> SaturatedBatchMailAsync(IServiceApi api, DevelopmentTokens tokens, MailCatcherServer sink, int batches)
    {
        var before = sink.Count;
        var clock = Stopwatch.StartNew();
        var accepted = await ClosedLoop.RunAsync($"S6 batches of {BatchSize} back to back", SaturatingClients, batches, i => PostBatchAsync(api, tokens, i));
        await DeliveredAsync(sink, before + accepted.Requests * BatchSize, clock);
        var delivered = sink.Count - before;
        Console.WriteLine($"S6 saturated: {delivered} mails delivered after {clock.Elapsed.TotalSeconds:F1} s ({delivered / clock.Elapsed.TotalSeconds:F1} mails/s)");
        return delivered;
    }

    private static async Task<bool> PostBatchAsync(IServiceApi api, DevelopmentTokens tokens, int i)
    {
        var tenant = Tenant(i);
        var response = await api.SendAsync(HttpMethod.Post, $"/api/v1/tenants/{tenant}/emails/batch", Bearer(tokens, tenant), Json(new
        {
            messages = Enumerable.Range(0, BatchSize).Select(m => new { to = new[] { "jan@klient.pl" }, subject = $"S6 {i}.{m}", textBody = "x" }),
        }));
        return response.Status == (int)HttpStatusCode.Accepted;
    }

    /// <summary>S6's latency: batches of 100 mails by POST …/emails/batch, 4 a second, until the sink has them all; the latency is each batch's acceptance.</summary>
    private static async Task<LatencyResult> BatchMailAsync(IServiceApi api, DevelopmentTokens tokens, MailCatcherServer sink, int batches)
    {
        var before = sink.Count;
        var clock = Stopwatch.StartNew();
        var accepted = await OpenLoop.RunAsync("S6 a batch of 100 accepted", 4, TimeSpan.FromSeconds(batches / 4.0), i => PostBatchAsync(api, tokens, i));
        await DeliveredAsync(sink, before + accepted.Requests * BatchSize, clock);
        Console.WriteLine($"S6 batches of {BatchSize}: {accepted.Requests * BatchSize} mails delivered after {clock.Elapsed.TotalSeconds:F1} s");
        return accepted;
    }

    /// <summary>S7: single mails at a fixed rate; the latency is from the 202 to the sink's receipt of that mail.</summary>
    private static async Task<LatencyResult> DeliveryLatencyAsync(IServiceApi api, DevelopmentTokens tokens, MailCatcherServer sink, int perSecond)
    {
        var clock = Stopwatch.StartNew();
        var acceptedAt = new System.Collections.Concurrent.ConcurrentDictionary<string, double>();
        var receivedAt = new System.Collections.Concurrent.ConcurrentDictionary<string, double>();
        void Received(CapturedMail mail)
        {
            if (mail.Message.Subject?.StartsWith("S7 ", StringComparison.Ordinal) == true)
            {
                receivedAt[mail.Message.Subject] = clock.Elapsed.TotalMilliseconds;
            }
        }

        sink.MessageReceived += Received;
        try
        {
            var posted = await OpenLoop.RunAsync("S7 posts", perSecond, TimeSpan.FromSeconds(10), async i =>
            {
                var ok = await PostMailAsync(api, tokens, i, $"S7 {i}");
                acceptedAt[$"S7 {i}"] = clock.Elapsed.TotalMilliseconds;
                return ok;
            });
            var deadline = clock.Elapsed + TimeSpan.FromMinutes(1);
            while (receivedAt.Count < posted.Requests && clock.Elapsed < deadline)
            {
                await Task.Delay(20);
            }
        }
        finally
        {
            sink.MessageReceived -= Received;
        }

        var latencies = acceptedAt.Select(a => receivedAt.TryGetValue(a.Key, out var received) ? Math.Max(0, received - a.Value) : double.MaxValue).Order().ToArray();
        double Percentile(double p) => Math.Round(latencies[Math.Min(latencies.Length - 1, (int)(p * latencies.Length))], 3);
        var result = new LatencyResult("S7 accepted to sent, at half S3's rate", perSecond, latencies.Length, latencies.Count(l => l == double.MaxValue), Percentile(0.5), Percentile(0.99), receivedAt.Count / clock.Elapsed.TotalSeconds);
        Console.WriteLine(result);
        return result;
    }

    private static async Task<bool> PostMailAsync(IServiceApi api, DevelopmentTokens tokens, int i, string subject)
    {
        var response = await api.SendAsync(HttpMethod.Post, $"/api/v1/tenants/{Tenant(i)}/emails", Bearer(tokens, Tenant(i)), Json(new { to = new[] { "jan@klient.pl" }, subject, textBody = "x" }));
        return response.Status == (int)HttpStatusCode.Accepted;
    }

    private static async Task DeliveredAsync(MailCatcherServer sink, int count, Stopwatch clock)
    {
        var deadline = clock.Elapsed + TimeSpan.FromMinutes(2);
        while (sink.Count < count && clock.Elapsed < deadline)
        {
            await Task.Delay(20);
        }
    }

    private static async Task<bool> LiveAsync(IServiceApi api) => (await api.SendAsync(HttpMethod.Get, "/health/live", bearer: null)).IsSuccess;

    /// <summary>Two tenants whose histories have 10,000 and 10 events, written through the service's own writer.</summary>
    private static async Task<(string Big, string Small)> HistoryTenantsAsync(string connectionString, string schema)
    {
        using var store = DocumentStore.For(options => MartenSetup.Configure(options, connectionString, schema, AutoCreate.None));
        var writer = new SettingsWriter(store, new SettingsCache(), new FixedActor("bench", "bench"), TimeProvider.System);
        foreach (var (tenant, count) in new[] { ("bench-history-big", 10_000), ("bench-history-small", 10) })
        {
            await writer.WriteAsync(tenant, null, (_, now) =>
            {
                var events = new List<object>(count) { new PrimaryEmailSet(tenant, "biuro@acme.pl", now) };
                events.AddRange(Enumerable.Range(2, count - 1).Select(i => new SenderNameChanged(tenant, $"Name {i}", now)));
                return events;
            }, CancellationToken.None);
        }

        await VacuumAsync(connectionString, schema);
        return ("bench-history-big", "bench-history-small");
    }

    /// <summary>
    /// The schemas of earlier runs dropped (each run writes a new one, and its floors' beside it): the bench database
    /// holds one run's data, not every run's (about 1.4 GB after a few dozen). One benchmark runs on a cluster at a time.
    /// </summary>
    private static async Task DropEarlierRunsAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var schemas = new List<string>();
        await using (var find = new Npgsql.NpgsqlCommand(@"SELECT quote_ident(nspname) FROM pg_namespace WHERE nspname LIKE 'bench\_%'", connection))
        await using (var reader = await find.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                schemas.Add(reader.GetString(0));
            }
        }

        if (schemas.Count > 0)
        {
            Console.WriteLine($"dropping {schemas.Count} schema(s) of earlier runs...");
        }

        foreach (var schema in schemas) // one at a time: all in one transaction could run out of lock slots
        {
            await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", connection) { CommandTimeout = 600 };
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// The service's tables vacuumed and their statistics as they are now, before a scenario is measured. The benchmark
    /// grows a new schema from nothing to tens of thousands of rows in minutes; autovacuum refreshes statistics at most
    /// once a minute, as it does when a deployment's tables grow over months. The service's prepared statements keep the
    /// plan made when they were first used, until new statistics invalidate it: without this, a scenario is measured on
    /// plans made for tables a thirtieth of their size (the completion's update of the streams hash-joined a sequential
    /// scan of 40,000 rows, 2.2 ms per claim). The vacuum clears what the warm-up pass left, so that autovacuum does not
    /// work through it during the measured pass (8 autovacuum runs inside S3's 3 s); what the measured pass leaves is
    /// vacuumed after it, outside its figure, as autovacuum would later (docs/benchmark-notes.md, round 5).
    /// </summary>
    private static async Task VacuumAsync(string connectionString, string schema, bool analyze = true)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"VACUUM {(analyze ? "(ANALYZE) " : "")}{string.Join(", ", await TablesAsync())}", connection);
        await command.ExecuteNonQueryAsync();

        async Task<List<string>> TablesAsync()
        {
            await using var tables = new Npgsql.NpgsqlCommand("SELECT format('%I.%I', schemaname, relname) FROM pg_stat_user_tables WHERE schemaname = $1", connection)
            {
                Parameters = { new() { Value = schema } },
            };
            await using var reader = await tables.ExecuteReaderAsync();
            var names = new List<string>();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }
    }

    private static Uri FreeAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Desktomy.Email.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run the benchmark from the repository (bench/run.sh).");
    }

    private static string Git(string repository, params string[] arguments)
    {
        using var git = Process.Start(new ProcessStartInfo("git", arguments) { WorkingDirectory = repository, RedirectStandardOutput = true })!;
        var output = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return output;
    }

    /// <summary>The 1-minute load average: the 2 cores are shared with other work, which moves every figure.</summary>
    private static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    private static string Machine()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        return $"{Environment.ProcessorCount} cores, {cpu}, {Environment.OSVersion}, .NET {Environment.Version}";
    }
}

public sealed record Ratio(string Name, double Value, string Target, bool Met)
{
    /// <summary>For a ratio taken in each round: every round's value (<see cref="Value"/> is their median).</summary>
    public double[]? Rounds { get; init; }
}

/// <summary>The machine's 1-minute load average when the measurements began and when they ended.</summary>
public sealed record LoadAverages(double AtStart, double AtEnd);
