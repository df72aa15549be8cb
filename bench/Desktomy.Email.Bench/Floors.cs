using Npgsql;

namespace Desktomy.Email.Bench;

/// <summary>
/// The physical floors of the service's work, from the benchmark process straight to PostgreSQL over pooled
/// connections with prepared statements: one durable single-row jsonb UPDATE (autocommit: one round trip, one
/// commit), and one point SELECT. The HTTP floor is the service's own <c>/health/live</c>. Operation n touches row
/// n mod 200, as the scenarios touch 200 tenants: with one row, parallel commits queued on its row lock
/// (<c>pg_stat_statements</c>: 2–5 ms mean execution per UPDATE with 4 clients) and the floor was no floor.
/// </summary>
public sealed class Floors : IAsyncDisposable
{
    private readonly NpgsqlDataSource _database;
    private readonly string _update;
    private readonly string _select;
    private const int Rows = 200;

    private Floors(NpgsqlDataSource database, string schema)
    {
        _database = database;
        _update = $"UPDATE {schema}.floor SET data = jsonb_set(data, '{{n}}', to_jsonb($1)) WHERE id = $1 % {Rows}";
        _select = $"SELECT data::text FROM {schema}.floor WHERE id = $1 % {Rows}";
    }

    public static async Task<Floors> StartAsync(string connectionString, string schema)
    {
        // As the service connects (MartenSetup.WithoutConnectionReset): without it every return to the pool costs a
        // reset of six statements, sent with the next command (`pg_stat_statements`: 8 statements per floor operation).
        var database = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString);
        await using (var setup = database.CreateCommand(
            $"CREATE SCHEMA IF NOT EXISTS {schema}; CREATE TABLE IF NOT EXISTS {schema}.floor (id int PRIMARY KEY, data jsonb NOT NULL);" +
            $"INSERT INTO {schema}.floor SELECT id, '{{\"senderName\":\"Acme\",\"n\":0}}' FROM generate_series(0, {Rows - 1}) id ON CONFLICT DO NOTHING;"))
        {
            await setup.ExecuteNonQueryAsync();
        }

        return new Floors(database, schema);
    }

    /// <summary>B1: a durable commit. The statement is prepared once per pooled connection (Npgsql keeps it).</summary>
    public async Task<bool> CommitAsync(int n)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var update = new NpgsqlCommand(_update, connection);
        update.Parameters.Add(new NpgsqlParameter<int> { TypedValue = n });
        await update.PrepareAsync();
        return await update.ExecuteNonQueryAsync() == 1;
    }

    /// <summary>B2: a point read by primary key.</summary>
    public async Task<bool> ReadAsync(int n)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var select = new NpgsqlCommand(_select, connection);
        select.Parameters.Add(new NpgsqlParameter<int> { TypedValue = n });
        await select.PrepareAsync();
        return await select.ExecuteScalarAsync() is string;
    }

    /// <summary>The postmaster's pid, from the cluster's postmaster.pid (the benchmark runs on the same machine).</summary>
    public async Task<int> PostmasterPidAsync()
    {
        await using var show = _database.CreateCommand("SHOW data_directory");
        var directory = (string)(await show.ExecuteScalarAsync())!;
        return int.Parse((await File.ReadAllLinesAsync(Path.Combine(directory, "postmaster.pid")))[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
