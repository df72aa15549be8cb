using System.Globalization;
using Desktomy.Email.Application.Settings.Import;
using Desktomy.Email.Domain.Settings;
using JasperFx;
using JasperFx.CommandLine;

namespace Desktomy.Email.Api.Commands;

public sealed class ImportInput : NetCoreInput
{
    [Description("The previous store's NDJSON export, one tenant a line (docs/import.md)")]
    public string File { get; set; } = string.Empty;

    [Description("Check every line and report what would happen; write nothing")]
    public bool DryRunFlag { get; set; }

    [Description("Why the tenants are imported, recorded in their history")]
    public string? ReasonFlag { get; set; }

    [Description("Who imports, as the history records it (default: the operating-system user)")]
    public string? ActorFlag { get; set; }
}

/// <summary>
/// <c>dotnet Desktomy.Email.Api.dll import FILE [--dry-run] [--reason …]</c>: the same import as <c>POST /api/v1/imports</c>,
/// for operators. Rerunning after a crash imports the rest: tenants already imported are reported unchanged.
/// Exits non-zero when a line failed.
/// </summary>
[Description("Imports tenants' e-mail settings from the previous store's NDJSON export", Name = "import")]
public sealed class ImportCommand : JasperFxAsyncCommand<ImportInput>
{
    public const string Name = "import";
    public const string Summary = "Import tenants' e-mail settings from the previous store's NDJSON export";
    public const string HelpText = """
        Usage: import FILE [--dry-run] [--reason "…"] [--actor NAME]

        Imports the previous store's NDJSON export (one tenant a line, docs/import.md), as POST /api/v1/imports does.
          --dry-run   check every line and report what would happen; write nothing
          --reason    why the tenants are imported, recorded in their history (default "import from the previous store")
          --actor     who imports, as the history records it (default: the operating-system user)
        Tenants already imported are reported unchanged, so a rerun after a crash finishes the rest. Exits 1 when a
        line failed. Needs the service's whole configuration (ConnectionStrings:Postgres, Secrets:MasterKey, …).
        """;

    private const int MaxActorLength = 200;
    private const int ProgressEvery = 100;

    public override async Task<bool> Execute(ImportInput input)
    {
        var reason = string.IsNullOrWhiteSpace(input.ReasonFlag) ? ImportLimits.DefaultReason : input.ReasonFlag.Trim();
        if (AuditReason.Error(reason) is { } reasonProblem)
        {
            Console.Error.WriteLine($"--reason: {reasonProblem}");
            return false;
        }

        if (!System.IO.File.Exists(input.File))
        {
            Console.Error.WriteLine($"No such file: {input.File}");
            return false;
        }

        await using var file = System.IO.File.OpenRead(input.File);
        var count = await NdjsonLineCount.OfAsync(file, CancellationToken.None);
        if (count.IsOverLimit)
        {
            Console.Error.WriteLine(count.LimitProblem());
            return false;
        }

        file.Position = 0;
        using var host = input.BuildHost();
        var actor = string.IsNullOrWhiteSpace(input.ActorFlag) ? Environment.UserName : input.ActorFlag.Trim();
        if (actor.Length > MaxActorLength || Desktomy.Email.Domain.TextRules.HasControlCharacters(actor))
        {
            Console.Error.WriteLine($"--actor: the actor is recorded in the audit trail: at most {MaxActorLength} printable characters.");
            return false;
        }
        var request = new ImportRequest(input.DryRunFlag, reason, actor, $"import-{Guid.NewGuid():N}");
        var done = 0;
        var report = await host.Services.GetRequiredService<SettingsImport>().RunAsync(file, request, item =>
        {
            done++;
            if (item.Result == ImportItem.Failed)
            {
                foreach (var (field, messages) in item.Errors)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"line {item.Line} ({item.TenantId ?? "?"}): {field}: {string.Join(" ", messages)}"));
                }
            }

            if (!Console.IsOutputRedirected && done % ProgressEvery == 0)
            {
                Console.Write(string.Create(CultureInfo.InvariantCulture, $"\r{done} of {count.Lines} lines"));
            }
        }, CancellationToken.None);

        if (!Console.IsOutputRedirected)
        {
            Console.Write('\r');
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{(request.DryRun ? "Dry run, nothing written: " : string.Empty)}{report.Imported} imported, {report.Unchanged} unchanged, {report.Failed} failed, of {report.Items.Count} lines."));
        return report.Failed == 0;
    }
}
