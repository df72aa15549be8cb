using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Secrets;
using Desktomy.Email.Domain.Settings;
using Marten;
using Microsoft.Extensions.Logging;

namespace Desktomy.Email.Application.Settings.Import;

/// <summary>
/// Imports the previous store's NDJSON export, line by line as it streams: each tenant is checked, its password sealed,
/// and its stream started with one <see cref="SettingsImported"/> in a commit of its own, so a crash leaves every
/// committed tenant complete and a rerun reports them <c>unchanged</c>. Lines are independent; nothing connects to an
/// SMTP server. A few lines are written at once, and reported in file order. The imported documents are not kept in
/// this node's <see cref="SettingsCache"/>: thousands of tenants nobody has touched yet would sit in memory (10,000 are
/// about 6 MB), and each tenant's first command reads its document once instead.
/// </summary>
public sealed partial class SettingsImport(
    IDocumentStore store, PasswordVault vault, TimeProvider clock, ILogger<SettingsImport> logger)
{
    /// <summary>Tenants written at the same time: each waits mostly on its own commit.</summary>
    public const int ParallelWrites = 8;

    // Stands for "a password other than the stored one" when comparing: no sealed password has this form.
    private const string AnotherPassword = "(another password)";

    public async Task<ImportReport> RunAsync(Stream ndjson, ImportRequest request, Action<ImportItem>? progress, CancellationToken cancellationToken)
    {
        var writer = new SettingsWriter(store, SettingsCache.None(), new FixedActor(request.Actor, request.CorrelationId), clock);
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var pending = new Queue<Task<ImportItem>>();
        var items = new List<ImportItem>();

        async Task Report(Task<ImportItem> next)
        {
            var item = await next;
            items.Add(item);
            progress?.Invoke(item);
        }

        try
        {
            await foreach (var line in NdjsonLines.ReadAsync(ndjson, cancellationToken))
            {
                pending.Enqueue(Start(line, request, writer, firstLineOf, cancellationToken));
                if (pending.Count >= ParallelWrites)
                {
                    await Report(pending.Dequeue());
                }
            }

            while (pending.Count > 0)
            {
                await Report(pending.Dequeue());
            }
        }
        finally
        {
            // Never leave a write running behind an error: the caller may be about to report it.
            await Task.WhenAll(pending).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        var report = ImportReport.Of(items);
        LogFinished(logger, request.Actor, request.DryRun, report.Imported, report.Unchanged, report.Failed);
        return report;
    }

    /// <summary>Checks the line here, in file order (duplicates are found by it), and starts its write.</summary>
    private Task<ImportItem> Start(NdjsonLine line, ImportRequest request, SettingsWriter writer, Dictionary<string, int> firstLineOf, CancellationToken cancellationToken)
    {
        if (line.TooLong)
        {
            return Task.FromResult(ImportItem.Failure(line.Number, null, LegacyLine.WholeLine, $"The line is longer than {ImportLimits.MaxLineBytes} bytes."));
        }

        var check = LegacyLine.Check(line.Bytes);
        if (check.TenantId is { } tenantId && !firstLineOf.TryAdd(tenantId, line.Number))
        {
            return Task.FromResult(ImportItem.Failure(line.Number, tenantId, "klient", $"This tenant is already on line {firstLineOf[tenantId]} of the file."));
        }

        if (check.Candidate is not { } candidate)
        {
            return Task.FromResult(new ImportItem(line.Number, check.TenantId, ImportItem.Failed, check.Errors));
        }

        return request.DryRun
            ? CheckAsync(line.Number, candidate, cancellationToken)
            : WriteAsync(line.Number, candidate, request.Reason, writer, cancellationToken);
    }

    private async Task<ImportItem> WriteAsync(int line, ImportCandidate candidate, string reason, SettingsWriter writer, CancellationToken cancellationToken)
    {
        try
        {
            // The password is sealed once, before the write; the decision itself is pure.
            var key = candidate.Password is null ? null : await vault.KeyForSealingAsync(candidate.TenantId, cancellationToken);
            var sealedPassword = key?.Seal(candidate.Password!);
            var change = await writer.WriteAsync(candidate.TenantId, expectedVersion: null, (current, now) =>
            {
                if (current is null)
                {
                    return [new SettingsImported(candidate.TenantId, candidate.WithSealedPassword(sealedPassword), candidate.Source, reason, now)];
                }

                var differences = Differences(current, candidate);
                return differences.Count == 0 ? [] : throw new ImportConflictException(differences);
            }, cancellationToken);
            return ImportItem.Success(line, candidate.TenantId, imported: change.Created);
        }
        catch (Exception e) when (e is ImportConflictException or ConcurrentChangeException)
        {
            return ImportItem.Failure(line, candidate.TenantId, "klient", e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One line's fault (the database away for a moment, a key this node cannot unwrap) never stops the others;
            // the report names the line, never the exception's text, which could quote the line.
            LogLineFailed(logger, line, candidate.TenantId, e.GetType().Name);
            return ImportItem.Failure(line, candidate.TenantId, "klient", "This line could not be imported now; import the file again to finish it.");
        }
    }

    /// <summary>The dry run answers what the import would do, and writes nothing (not even a tenant's data key).</summary>
    private async Task<ImportItem> CheckAsync(int line, ImportCandidate candidate, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(candidate.TenantId);
        if (await session.LoadAsync<EmailSettingsDocument>(candidate.TenantId, cancellationToken) is not { } current)
        {
            return ImportItem.Success(line, candidate.TenantId, imported: true);
        }

        var differences = Differences(current.Settings, candidate);
        return differences.Count == 0
            ? ImportItem.Success(line, candidate.TenantId, imported: false)
            : ImportItem.Failure(line, candidate.TenantId, "klient", new ImportConflictException(differences).Message);
    }

    /// <summary>
    /// The view paths where the live settings differ from the line. A password is compared only as "set or not": an
    /// answer that said whether the line's password is the stored one would let a file test guesses against it.
    /// </summary>
    private static List<string> Differences(EmailSettings current, ImportCandidate candidate)
    {
        var stored = current.OwnSmtp?.SealedPassword;
        var comparable = candidate.WithSealedPassword(candidate.Password is null ? null : stored ?? AnotherPassword);
        return FieldChange.Between(current, comparable).Select(c => c.Field).ToList();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import line {Line} (tenant {TenantId}) failed with {Exception}; it can be imported again")]
    private static partial void LogLineFailed(ILogger logger, int line, string tenantId, string exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import by {Actor} (dry run: {DryRun}): {Imported} imported, {Unchanged} unchanged, {Failed} failed")]
    private static partial void LogFinished(ILogger logger, string actor, bool dryRun, int imported, int unchanged, int failed);
}
