using System.Globalization;
using System.Security.Cryptography;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>
/// The real service on a real PostgreSQL (a fresh schema per run, dropped at the end), with its logs captured.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    // Program ends with RunJasperFxCommands(args); the factory's --environment/--contentRoot arguments must not read as a command.
    static ApiFactory() => JasperFxEnvironment.AutoStartHost = true;

    public const string SigningKey = "desktomy-tests-signing-key-0123456789abcdef";

    public static readonly string ConnectionString =
        Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
        ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=desktomy_test";

    public string Schema { get; init; } = $"test_{RandomNumberGenerator.GetHexString(10, lowercase: true)}";

    public string MasterKey { get; init; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public IReadOnlyList<string> PreviousMasterKeys { get; init; } = [];

    /// <summary>False for a factory that shares its schema with another one (a restart on the same database).</summary>
    public bool DropSchemaOnDispose { get; init; } = true;

    public CapturedLogs Logs { get; } = new();

    public SmtpServers Smtp { get; } = new();

    public SqlRecorder Sql { get; } = new();

    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    /// <summary>The tests' SMTP servers are on loopback, so the host guard is lifted except where a test checks it.</summary>
    protected virtual bool AllowPrivateHosts => true;

    /// <summary>Settings a specialised factory changes; applied last.</summary>
    protected virtual IReadOnlyDictionary<string, string> SpecialSettings => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        await Smtp.StartAsync();
        _ = Server; // start the host (and create the schema) before the first test measures anything
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Smtp.DisposeAsync();
        if (!DropSchemaOnDispose)
        {
            return;
        }

        await SuiteSecretScan.AssertCleanAsync(Schema, Logs);
        await TestDatabase.DropSchemasAsync(Schema);
    }

    public ApiClient Client(Identity identity) => new(CreateClient(), identity);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Postgres", ConnectionString);
        builder.UseSetting("Postgres:Schema", Schema);
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("Secrets:MasterKey", MasterKey);
        for (var i = 0; i < PreviousMasterKeys.Count; i++)
        {
            builder.UseSetting($"Secrets:PreviousMasterKeys:{i}", PreviousMasterKeys[i]);
        }

        builder.UseSetting("Mail:AllowPrivateHosts", AllowPrivateHosts ? "true" : "false");
        builder.UseSetting("Mail:Platform:Host", "127.0.0.1");
        builder.UseSetting("Mail:Platform:Port", Smtp.Platform.Port.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Mail:Platform:Security", "None");
        builder.UseSetting("Mail:Delivery:RetryDelaysSeconds:0", "0.2");
        builder.UseSetting("Mail:Delivery:RetryDelaysSeconds:1", "0.2");
        builder.UseSetting("Mail:Delivery:PollInterval", "00:00:00.100");
        builder.UseSetting("RateLimits:SmtpVerificationsPerMinute", "100000");
        builder.UseSetting("RateLimits:MailsPerMinute", "100000");
        foreach (var (key, value) in SpecialSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.ConfigureMarten(options => options.Logger(Sql));
        });
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddProvider(Logs);
        });
    }
}

[CollectionDefinition(Name)]
public sealed class ApiTestGroup : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}
