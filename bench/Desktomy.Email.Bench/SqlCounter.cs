using Npgsql;

namespace Desktomy.Email.Bench;

/// <summary>
/// What PostgreSQL did for a scenario, per operation: statements and their execution time (from
/// <c>pg_stat_statements</c>, when the cluster loads it), transactions committed (<c>pg_stat_database.xact_commit</c>,
/// read-only ones included), WAL flushes (<c>pg_stat_wal.wal_sync</c>: the durable commits that reached the disk, after
/// group commit), WAL bytes and full-page images, buffers the checkpointer and the backends wrote, and the autovacuum
/// and autoanalyze runs of the database's tables meanwhile: the background work a scenario's figure carries.
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
        double PerOp(double count) => Math.Round(count / operations, 2);
        var totals = after.Totals.Zip(before.Totals, (a, b) => a - b).ToArray();
        Console.WriteLine(
            $"per operation ({operations}): {PerOp(totals[0])} commits, {PerOp(totals[1])} WAL flushes, " +
            $"{PerOp(after.Statements.Values.Sum(s => s.Calls) - before.Statements.Values.Sum(s => s.Calls))} statements, " +
            $"{PerOp(totals[2])} WAL bytes, {PerOp(totals[3])} full-page images, {PerOp(totals[4])} buffers written by the checkpointer, " +
            $"{PerOp(totals[5])} by backends; {totals[6]} checkpoints, {totals[7]} autovacuum and {totals[8]} autoanalyze runs");
        foreach (var (query, calls, ms) in after.Statements
            .Select(s => (s.Key, s.Value.Calls - before.Statements.GetValueOrDefault(s.Key).Calls, s.Value.Ms - before.Statements.GetValueOrDefault(s.Key).Ms))
            .Where(s => s.Item2 > 0)
            .OrderByDescending(s => s.Item3)
            .Take(20))
        {
            Console.WriteLine($"{PerOp(calls),8} calls {Math.Round(ms / operations, 4),8} ms  {Math.Round(ms / calls, 4),8} ms/call  {query.ReplaceLineEndings(" ")[..Math.Min(150, query.Length)]}");
        }

        return operations;
    }

    private async Task<(long[] Totals, Dictionary<string, (long Calls, double Ms)> Statements)> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var totals = new NpgsqlCommand(
            """
            SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
                   w.wal_sync, w.wal_bytes::bigint, w.wal_fpi,
                   b.buffers_checkpoint, b.buffers_backend, b.checkpoints_timed + b.checkpoints_req,
                   (SELECT coalesce(sum(autovacuum_count), 0)::bigint FROM pg_stat_user_tables),
                   (SELECT coalesce(sum(autoanalyze_count), 0)::bigint FROM pg_stat_user_tables)
            FROM pg_stat_wal w, pg_stat_bgwriter b
            """, connection);
        await using var reader = await totals.ExecuteReaderAsync();
        await reader.ReadAsync();
        var counters = Enumerable.Range(0, reader.FieldCount).Select(reader.GetInt64).ToArray();
        await reader.CloseAsync();
        var statements = new Dictionary<string, (long, double)>();
        try
        {
            await using var calls = new NpgsqlCommand("SELECT query, sum(calls)::bigint, sum(total_exec_time) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) GROUP BY query", connection);
            await using var rows = await calls.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                statements[rows.GetString(0)] = (rows.GetInt64(1), rows.GetDouble(2));
            }
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.ObjectNotInPrerequisiteState)
        {
            // pg_stat_statements is not loaded: the totals only.
        }

        return (counters, statements);
    }
}
