using Npgsql;

namespace Desktomy.Email.Bench;

/// <summary>
/// The physical floors of the service's work, behind endpoints of the same kind (minimal API, same process kind, no
/// auth): one durable single-row jsonb UPDATE + COMMIT, and one point SELECT.
/// </summary>
public sealed class Floors : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly NpgsqlDataSource _database;

    private Floors(WebApplication app, NpgsqlDataSource database, Uri address)
    {
        _app = app;
        _database = database;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<Floors> StartAsync(string connectionString, string schema, Uri address)
    {
        var database = NpgsqlDataSource.Create(connectionString);
        await using (var setup = database.CreateCommand(
            $"CREATE SCHEMA IF NOT EXISTS {schema}; CREATE TABLE IF NOT EXISTS {schema}.floor (id int PRIMARY KEY, data jsonb NOT NULL);" +
            $"INSERT INTO {schema}.floor VALUES (1, '{{\"senderName\":\"Acme\",\"n\":0}}') ON CONFLICT DO NOTHING;"))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(address.ToString());
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPut("/floor", async (int n) =>
        {
            await using var update = database.CreateCommand($"UPDATE {schema}.floor SET data = jsonb_set(data, '{{n}}', to_jsonb($1)) WHERE id = 1");
            update.Parameters.AddWithValue(n);
            await update.ExecuteNonQueryAsync();
            return Results.Ok();
        });
        app.MapGet("/floor", async () =>
        {
            await using var select = database.CreateCommand($"SELECT data::text FROM {schema}.floor WHERE id = 1");
            return Results.Text((string)(await select.ExecuteScalarAsync())!, "application/json");
        });
        await app.StartAsync();
        return new Floors(app, database, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }
}
