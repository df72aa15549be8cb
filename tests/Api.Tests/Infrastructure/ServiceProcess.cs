using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>
/// The service as a real child process (the built Desktomy.Email.Api.dll), so a test can kill it the hard way (SIGKILL)
/// and start another one on the same database.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var api = typeof(Program).Assembly.Location;
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet", [api])
        {
            WorkingDirectory = Path.GetDirectoryName(api)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var service = new ServiceProcess(process, address);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await service.WaitUntilListeningAsync();
        return service;
    }

    /// <summary>What every test process needs: the test database, keys, and the platform SMTP server on loopback.</summary>
    public static Dictionary<string, string> BaseSettings(string schema, int platformSmtpPort) => new()
    {
        ["ConnectionStrings:Postgres"] = ApiFactory.ConnectionString,
        ["Postgres:Schema"] = schema,
        ["Auth:SigningKey"] = ApiFactory.SigningKey,
        ["Secrets:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(schema))),
        ["Mail:Platform:Host"] = "127.0.0.1",
        ["Mail:Platform:Port"] = platformSmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Platform:Security"] = "None",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>An HTTP client for this process, signed as <paramref name="identity"/>.</summary>
    public HttpClient Client(Identity identity)
    {
        var http = new HttpClient { BaseAddress = Address };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiClient.TokenFor(identity));
        return http;
    }

    /// <summary>SIGKILL: no graceful shutdown, no chance to release anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilListeningAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                // Any HTTP answer (401 here) means the pipeline is up.
                using var response = await http.GetAsync(new Uri("/api/v1/tenants", UriKind.Relative));
                return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The service did not start listening within 60 s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
