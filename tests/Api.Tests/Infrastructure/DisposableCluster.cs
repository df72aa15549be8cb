using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of the test's own (scripts/postgres.sh with its own data folder and port), so a test can stop
/// and start the database under a running service without disturbing the other tests.
/// </summary>
public sealed class DisposableCluster : IAsyncDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"desktomy-outage-{Guid.NewGuid():N}");
    private readonly int _port = FreePort();

    public string ConnectionString { get; private set; } = string.Empty;

    public static async Task<DisposableCluster> StartAsync()
    {
        var cluster = new DisposableCluster();
        cluster.ConnectionString = (await cluster.RunAsync("start")).Trim().Split('\n')[^1];
        return cluster;
    }

    public Task StopAsync() => RunAsync("stop");

    public Task RestartAsync() => RunAsync("start");

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private async Task<string> RunAsync(string action)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "scripts", "postgres.sh"), action])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DESKTOMY_PGDATA"] = _dataDirectory;
        start.Environment["DESKTOMY_PGPORT"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["DESKTOMY_PGDATABASE"] = "outage";
        start.Environment["DESKTOMY_PG_FAST"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"postgres.sh {action} failed: {await errors}");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Desktomy.Email.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (Desktomy.Email.sln) was not found.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
