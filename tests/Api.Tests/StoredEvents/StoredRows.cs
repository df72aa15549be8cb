using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Desktomy.Email.Api.Tests.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace Desktomy.Email.Api.Tests.StoredEvents;

/// <summary>
/// One stream exactly as Marten stored it: the <c>mt_streams</c> row (<c>stream.json</c>) and one <c>mt_events</c> row
/// per file, in version order. Fixture folders are never edited: a changed event type gets an upcaster and a new
/// version folder (docs/decisions/0009-stored-events-keep-reading.md).
/// </summary>
public sealed record StoredRows(string Folder, string TenantId, string Id, JsonObject Stream, IReadOnlyList<JsonObject> Events)
{
    private static readonly ConcurrentDictionary<(string Schema, string Folder), Lazy<Task>> Inserted = new();

    public static StoredRows Load(string folder)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "StoredEvents", folder);
        var stream = Read(Path.Combine(directory, "stream.json"));
        var events = Directory.GetFiles(directory, "*.json")
            .Where(file => Path.GetFileName(file) != "stream.json")
            .Order(StringComparer.Ordinal)
            .Select(Read)
            .ToList();
        return new StoredRows(folder, Text(stream, "tenant_id")!, Text(stream, "id")!, stream, events);
    }

    public JsonObject Data(int version) => Events[version - 1]["data"]!.AsObject();

    /// <summary>Each fixture stream goes into a schema once, whichever of the tests that read it runs first.</summary>
    public Task InsertOnceAsync(string schema) => Inserted.GetOrAdd((schema, Folder), _ => new Lazy<Task>(() => InsertAsync(schema))).Value;

    /// <summary>Inserts the rows as they are, bypassing Marten: nothing of today's C# types touches them on the way in.</summary>
    private async Task InsertAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        var lastTimestamp = Time(Events[^1], "timestamp");
        await using (var stream = new NpgsqlCommand(
            $"insert into {schema}.mt_streams (tenant_id, id, type, version, timestamp, created, is_archived) values (@tenant, @id, @type, @version, @timestamp, @created, false)",
            connection, transaction))
        {
            stream.Parameters.AddWithValue("tenant", TenantId);
            stream.Parameters.AddWithValue("id", Id);
            stream.Parameters.AddWithValue("type", Text(Stream, "type")!);
            stream.Parameters.AddWithValue("version", Stream["version"]!.GetValue<long>());
            stream.Parameters.AddWithValue("timestamp", lastTimestamp);
            stream.Parameters.AddWithValue("created", Time(Events[0], "timestamp"));
            await stream.ExecuteNonQueryAsync();
        }

        foreach (var row in Events)
        {
            await using var insert = new NpgsqlCommand(
                $"""
                insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, user_name, is_archived)
                values (nextval('{schema}.mt_events_sequence'), gen_random_uuid(), @stream, @version, @data, @type, @timestamp, @tenant, @dotnet, @correlation, @user, false)
                """,
                connection, transaction);
            insert.Parameters.AddWithValue("stream", Text(row, "stream_id")!);
            insert.Parameters.AddWithValue("version", row["version"]!.GetValue<long>());
            insert.Parameters.AddWithValue("data", NpgsqlDbType.Jsonb, row["data"]!.ToJsonString());
            insert.Parameters.AddWithValue("type", Text(row, "type")!);
            insert.Parameters.AddWithValue("timestamp", Time(row, "timestamp"));
            insert.Parameters.AddWithValue("tenant", Text(row, "tenant_id")!);
            insert.Parameters.AddWithValue("dotnet", Text(row, "mt_dotnet_type")!);
            insert.Parameters.AddWithValue("correlation", (object?)Text(row, "correlation_id") ?? DBNull.Value);
            insert.Parameters.AddWithValue("user", (object?)Text(row, "user_name") ?? DBNull.Value);
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private static JsonObject Read(string file) => JsonNode.Parse(File.ReadAllText(file))!.AsObject();

    private static string? Text(JsonObject row, string name) => row[name]?.GetValue<string>();

    private static DateTimeOffset Time(JsonObject row, string name) =>
        DateTimeOffset.Parse(Text(row, name)!, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();
}
