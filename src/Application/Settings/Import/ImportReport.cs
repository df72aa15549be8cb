namespace Desktomy.Email.Application.Settings.Import;

/// <summary>Who imports, why, and whether only to check.</summary>
public sealed record ImportRequest(bool DryRun, string Reason, string Actor, string CorrelationId);

/// <summary>What became of one line: <c>imported</c>, <c>unchanged</c> or <c>failed</c> with errors keyed by legacy field.</summary>
public sealed record ImportItem(int Line, string? TenantId, string Result, IReadOnlyDictionary<string, string[]> Errors)
{
    public const string Imported = "imported";
    public const string Unchanged = "unchanged";
    public const string Failed = "failed";

    private static readonly IReadOnlyDictionary<string, string[]> None = new Dictionary<string, string[]>();

    public static ImportItem Success(int line, string tenantId, bool imported) => new(line, tenantId, imported ? Imported : Unchanged, None);

    public static ImportItem Failure(int line, string? tenantId, string field, string message) =>
        new(line, tenantId, Failed, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>The outcome of a whole file, one item per non-blank line in file order.</summary>
public sealed record ImportReport(int Imported, int Unchanged, int Failed, IReadOnlyList<ImportItem> Items)
{
    public static ImportReport Of(IReadOnlyList<ImportItem> items) => new(
        items.Count(i => i.Result == ImportItem.Imported),
        items.Count(i => i.Result == ImportItem.Unchanged),
        items.Count(i => i.Result == ImportItem.Failed),
        items);
}
