using System.Diagnostics;
using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Import;

/// <summary>The <c>import</c> command of the built service, run as operators run it, on the same database as the test service.</summary>
public sealed class ImportCommandTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task the_import_command_imports_the_file_reports_each_failed_line_and_exits_non_zero_for_it()
    {
        var (first, second, bad) = (NewTenant(), NewTenant(), NewTenant());
        var file = await FileAsync(LegacyExport.Basic(first), LegacyExport.OwnSmtp(bad, 0), LegacyExport.OwnSmtp(second, Smtp.Implicit.Port));

        var run = await RunAsync("import", file, "--reason", "Go-live", "--actor", "ops-jan");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("2 imported, 0 unchanged, 1 failed, of 3 lines.", run.Output, StringComparison.Ordinal);
        Assert.Contains($"line 2 ({bad}): smtp.port: ", run.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain(SmtpServers.Password, run.Output + run.Errors, StringComparison.Ordinal);
        var history = await As(Identity.Auditor).GetAsync($"{Settings(second)}/history");
        var item = history.Json["items"]![0]!;
        Assert.Equal(("SettingsImported", "ops-jan", "Go-live"), (item["event"]!.GetValue<string>(), item["actor"]!.GetValue<string>(), item["reason"]!.GetValue<string>()));
        Assert.True((await As(Identity.Auditor).GetAsync(Settings(second))).Json["ownSmtp"]!["passwordSet"]!.GetValue<bool>());
    }

    [Fact]
    public async Task a_rerun_of_the_command_finishes_what_is_missing_and_exits_zero()
    {
        var tenants = Enumerable.Range(0, 4).Select(_ => NewTenant()).ToList();
        var half = await FileAsync(LegacyExport.Basic(tenants[0]), LegacyExport.Basic(tenants[1]));
        var whole = await FileAsync(tenants.Select(t => LegacyExport.Basic(t)).ToArray());
        Assert.Equal(0, (await RunAsync("import", half)).ExitCode);

        var dryRun = await RunAsync("import", whole, "--dry-run");
        var rerun = await RunAsync("import", whole);

        Assert.Equal(0, dryRun.ExitCode);
        Assert.Contains("Dry run, nothing written: 2 imported, 2 unchanged, 0 failed, of 4 lines.", dryRun.Output, StringComparison.Ordinal);
        Assert.Equal(0, rerun.ExitCode);
        Assert.Contains("2 imported, 2 unchanged, 0 failed, of 4 lines.", rerun.Output, StringComparison.Ordinal);
        foreach (var tenant in tenants)
        {
            Assert.Equal(1, await EventCountAsync(tenant));
        }
    }

    [Fact]
    public async Task a_file_over_the_limit_is_refused_by_the_command_before_anything_is_imported()
    {
        var tenant = NewTenant();
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, LegacyExport.Basic(tenant).ToJsonString() + "\n" + string.Concat(Enumerable.Repeat("{}\n", 10_000)));

        var run = await RunAsync("import", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("more than 10000 lines", run.Errors, StringComparison.Ordinal);
        Assert.Equal(0, await EventCountAsync(tenant));
    }

    private static async Task<string> FileAsync(params System.Text.Json.Nodes.JsonNode[] lines)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, LegacyExport.File(lines));
        return file;
    }

    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] arguments)
    {
        var api = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [api, .. arguments])
        {
            WorkingDirectory = Path.GetDirectoryName(api)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ConnectionStrings__Postgres"] = ApiFactory.ConnectionString;
        start.Environment["Postgres__Schema"] = Factory.Schema;
        start.Environment["Auth__SigningKey"] = ApiFactory.SigningKey;
        start.Environment["Secrets__MasterKey"] = Factory.MasterKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }
}
