using Npgsql;

namespace Desktomy.Email.Bench;

/// <summary>
/// What PostgreSQL did for a scenario, per operation: statements (from <c>pg_stat_statements</c>, when the cluster
/// loads it), transactions committed (<c>pg_stat_database.xact_commit</c>, read-only ones included) and WAL flushes
/// (<c>pg_stat_wal.wal_sync</c>: the durable commits that reached the disk, after group commit).
/// </summary>
public sealed class SqlCounter(string connectionString)
{
    public async Task<int> MeasureAsync(int operations, Func<Task> scenario)
    {
        await MeasureAsync(operations, async () =>
        {
            await scenario();
            return operations;
        });
        return operations;
    }

    public async Task<int> MeasureAsync(int operations, Func<Task<int>> scenario)
    {
        var before = await SnapshotAsync();
        operations = await scenario();
        var after = await SnapshotAsync();
        double PerOp(long count) => Math.Round((double)count / operations, 2);
        Console.WriteLine($"per operation ({operations}): {PerOp(after.Commits - before.Commits)} commits, {PerOp(after.WalSyncs - before.WalSyncs)} WAL flushes, {PerOp(after.Statements.Values.Sum() - before.Statements.Values.Sum())} statements");
        foreach (var (query, calls) in after.Statements
            .Select(s => (s.Key, s.Value - before.Statements.GetValueOrDefault(s.Key)))
            .Where(s => s.Item2 > 0)
            .OrderByDescending(s => s.Item2)
            .Take(30))
        {
            Console.WriteLine($"{PerOp(calls),8}  {query.ReplaceLineEndings(" ")[..Math.Min(150, query.Length)]}");
        }

        return operations;
    }

    private async Task<(long Commits, long WalSyncs, Dictionary<string, long> Statements)> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var totals = new NpgsqlCommand("SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()), (SELECT wal_sync FROM pg_stat_wal)", connection);
        await using var reader = await totals.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (commits, syncs) = (reader.GetInt64(0), reader.GetInt64(1));
        await reader.CloseAsync();
        var statements = new Dictionary<string, long>();
        try
        {
            await using var calls = new NpgsqlCommand("SELECT query, sum(calls)::bigint FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) GROUP BY query", connection);
            await using var rows = await calls.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                statements[rows.GetString(0)] = rows.GetInt64(1);
            }
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.ObjectNotInPrerequisiteState)
        {
            // pg_stat_statements is not loaded: transactions and WAL flushes only.
        }

        return (commits, syncs, statements);
    }
}
