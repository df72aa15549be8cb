using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Desktomy.Email.Api.Tests.Edges;

/// <summary>
/// scripts/run.sh as a newcomer uses it, on a PostgreSQL cluster of its own (a fresh data directory and port): the
/// printed curl works as pasted, the .http file's tokens work, and TERM stops everything it started.
/// </summary>
public sealed class RunScriptTests
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    [Fact]
    public async Task run_sh_prints_a_working_curl_writes_working_tokens_and_stops_what_it_started()
    {
        var data = Path.Combine(Path.GetTempPath(), $"desktomy-runsh-{Guid.NewGuid():N}");
        var scratch = Directory.CreateTempSubdirectory("desktomy-runsh-scratch-").FullName;
        var envFile = Path.Combine(scratch, "http-client.env.json");
        var (pgPort, mailPort, apiPort) = (FreePort(), FreePort(), FreePort());
        var environment = new Dictionary<string, string>
        {
            ["DESKTOMY_PGDATA"] = data,
            ["DESKTOMY_PGPORT"] = pgPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DESKTOMY_MAIL_PORT"] = mailPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{apiPort}",
            ["DESKTOMY_HTTP_ENV_FILE"] = envFile,
            ["DESKTOMY_CONFIGURATION"] = "Release",
            ["DESKTOMY_SKIP_BUILD"] = "1",
            ["TMPDIR"] = scratch,
        };
        using var script = Start("scripts/run.sh", environment);
        var output = new Output(script);
        try
        {
            var curl = await output.LineAfterAsync("Try:", TimeSpan.FromSeconds(120));
            var pasted = await RunAsync("bash", ["-c", curl + " --silent --output /dev/null"], environment: null);
            var tokens = JsonNode.Parse(await File.ReadAllTextAsync(envFile))!["dev"]!;
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}") };
            using var read = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tenants/demo/email-settings");
            read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens["auditor"]!.GetValue<string>());
            using var settings = await http.SendAsync(read);

            Assert.DoesNotContain("<token>", curl, StringComparison.Ordinal);
            Assert.Equal(0, pasted.Exit);
            Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
            Assert.Equal("biuro@example.com", JsonNode.Parse(await settings.Content.ReadAsStringAsync())!["primaryEmail"]!.GetValue<string>());
            foreach (var role in new[] { "admin", "support" })
            {
                Assert.StartsWith("eyJ", tokens[role]!.GetValue<string>(), StringComparison.Ordinal);
            }

            Signal(script, "TERM");
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await script.WaitForExitAsync(stopped.Token);

            var status = await RunAsync("bash", ["scripts/postgres.sh", "status"], environment);
            Assert.Equal(3, status.Exit);
            Assert.False(Listening(apiPort), "the API still listens");
            Assert.False(Listening(mailPort), "the mail catcher still listens");
            Assert.False(Listening(pgPort), "PostgreSQL still listens");
        }
        finally
        {
            if (!script.HasExited)
            {
                script.Kill(entireProcessTree: true);
            }

            await RunAsync("bash", ["scripts/postgres.sh", "stop"], environment);
            Directory.Delete(data, recursive: true);
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static Process Start(string scriptPath, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash", [scriptPath])
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        Isolate(start, environment);
        return Process.Start(start)!;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        if (environment is not null)
        {
            Isolate(start, environment);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Only the given settings: the suite's own connection string (test.sh exports one) must not reach run.sh.</summary>
    private static void Isolate(ProcessStartInfo start, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var name in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DESKTOMY_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "scripts", "run.sh")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("scripts/run.sh not found above the test binaries.");
    }

    /// <summary>Everything the script prints, both streams, waited on line by line.</summary>
    private sealed class Output
    {
        private readonly StringBuilder _text = new();

        public Output(Process process)
        {
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public async Task<string> LineAfterAsync(string marker, TimeSpan timeout)
        {
            var deadline = DateTimeOffset.UtcNow + timeout;
            while (DateTimeOffset.UtcNow < deadline)
            {
                var lines = Text().Split('\n').Select(line => line.Trim()).ToList();
                var at = lines.FindIndex(line => line == marker);
                if (at >= 0 && at + 1 < lines.Count && lines[at + 1].Length > 0)
                {
                    return lines[at + 1];
                }

                await Task.Delay(200);
            }

            throw new TimeoutException($"run.sh printed no '{marker}' line:\n{Text()}");
        }

        private string Text()
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_text)
                {
                    _text.AppendLine(line);
                }
            }
        }
    }
}
