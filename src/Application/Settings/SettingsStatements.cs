using System.Runtime.CompilerServices;
using Desktomy.Email.Application.Secrets;
using Desktomy.Email.Domain.Settings;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Npgsql;
using NpgsqlTypes;
using ExistingStreamIdCollisionException = Marten.Exceptions.ExistingStreamIdCollisionException;

namespace Desktomy.Email.Application.Settings;

/// <summary>What one settings command commits: its events, the document after them and the new versions that are stored (<see cref="EmailSettingsVersion.IsStored"/>).</summary>
/// <param name="ExpectedVersion">The version the decision was made on; 0 starts the stream.</param>
/// <param name="ErasesDataKey">Also deletes the tenant's data key (crypto-shredding, <see cref="EraseSmtpPasswordHandler"/>).</param>
internal sealed record SettingsCommit(
    string TenantId,
    long ExpectedVersion,
    IReadOnlyList<object> Events,
    EmailSettingsDocument Document,
    IReadOnlyList<EmailSettingsVersion> Snapshots,
    string CorrelationId,
    string UserName,
    bool ErasesDataKey);

/// <summary>
/// The rows Marten writes for a settings command (<c>StartStream</c> or <c>Append</c> of its events with the session's
/// correlation id and user name, <c>Store</c> of the <see cref="EmailSettingsDocument"/> and of each
/// <see cref="EmailSettingsVersion"/>), with Marten's names, types and serializer, in ONE autocommitted statement of
/// data-modifying CTEs: one round trip, one implicit transaction. Marten reads them as its own. A command that appends
/// to an existing stream, stores no version and erases nothing (most of them) runs a statement of only the stream row,
/// the events and the document; when it appends one event (a PUT of one field), with scalar parameters in place of arrays.
/// </summary>
/// <remarks>
/// Every write hangs on the stream row: it is inserted only if the stream is new (<c>on conflict do nothing</c>
/// waits for a concurrent creator and then yields nothing) or updated only if it is still at the expected version
/// (a concurrent appender holds its lock; once it commits the row no longer matches). When that yields no row the
/// statement writes nothing at all, and <see cref="WriteAsync"/> throws Marten's own concurrency exception.
/// (docs/decisions/0015-settings-commands-in-our-own-sql.md)
/// </remarks>
internal sealed class SettingsStatements
{
    private static readonly ConditionalWeakTable<IDocumentStore, SettingsStatements> ByStore = [];

    private readonly IDocumentStore _store;
    private readonly ISerializer _serializer;
    private readonly EventGraph _graph;
    private readonly string _sql;
    private readonly string _appendSql;
    private readonly string _appendOneSql;
    private readonly string _loadSql;
    private readonly string _versionAtSql;

    private SettingsStatements(IDocumentStore store)
    {
        _store = store;
        var options = (StoreOptions)store.Options;
        _serializer = options.Serializer();
        _graph = options.Events as EventGraph ?? throw new InvalidOperationException("Marten's event graph");
        var schema = _graph.DatabaseSchemaName;
        _loadSql = $"select data from {Table<EmailSettingsDocument>(options)} where tenant_id = $1 and id = $1";
        // A stored version's moment is its occurred_at; an event's is its timestamp (the event's OccurredAt since
        // decision 16; before, a few microseconds after it, when every version was stored as well).
        _versionAtSql = $"""
            select coalesce(greatest(
                (select version from {Table<EmailSettingsVersion>(options)} where tenant_id = $1 and occurred_at <= $2 order by version desc limit 1),
                (select version from {schema}.mt_events where tenant_id = $1 and stream_id = $1 and timestamp <= $2 order by version desc limit 1)), 0)
            """;
        var insertEvents = $"insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived, correlation_id, user_name)";
        var document = $"""
            document as (
                insert into {Table<EmailSettingsDocument>(options)} (tenant_id, id, data, mt_version, mt_dotnet_type, mt_last_modified)
                select $1, $1, $10, gen_random_uuid(), '{DotNetTypeName<EmailSettingsDocument>()}', transaction_timestamp() from stream
                on conflict (tenant_id, id) do update set data = excluded.data, mt_version = excluded.mt_version,
                    mt_dotnet_type = excluded.mt_dotnet_type, mt_last_modified = excluded.mt_last_modified)
            """;
        var events = $"""
            events as (
                {insertEvents}
                select nextval('{schema}.mt_events_sequence'), e.id, $1, $2 + e.n, e.data, e.type, $1, e.timestamp, e.dotnet_type, false, $8, $9
                from stream, unnest($3::uuid[], $4::text[], $5::text[], $6::jsonb[], $7::timestamptz[]) with ordinality e(id, type, dotnet_type, data, timestamp, n)),
            {document}
            """;
        _sql = $"""
            with created as (
                insert into {schema}.mt_streams (id, type, version, timestamp, tenant_id)
                select $1, '{_graph.AggregateAliasFor(typeof(EmailSettingsDocument))}', cardinality($3::uuid[]), now(), $1 where $2 = 0
                on conflict (tenant_id, id) do nothing
                returning version),
            appended as (
                update {schema}.mt_streams set version = $2 + cardinality($3::uuid[]), timestamp = now()
                where tenant_id = $1 and id = $1 and version = $2 and $2 > 0
                returning version),
            stream as (select version from created union all select version from appended),
            {events},
            snapshots as (
                insert into {Table<EmailSettingsVersion>(options)} (tenant_id, id, data, mt_version, mt_dotnet_type, mt_last_modified, version, occurred_at)
                select $1, v.id, v.data, gen_random_uuid(), '{DotNetTypeName<EmailSettingsVersion>()}', transaction_timestamp(), v.version, v.occurred_at
                from stream, unnest($11::text[], $12::jsonb[], $13::bigint[], $14::timestamptz[]) v(id, data, version, occurred_at)
                on conflict (tenant_id, id) do update set data = excluded.data, mt_version = excluded.mt_version,
                    mt_dotnet_type = excluded.mt_dotnet_type, mt_last_modified = excluded.mt_last_modified,
                    version = excluded.version, occurred_at = excluded.occurred_at),
            erased as (
                delete from {Table<TenantDataKey>(options)}
                where $15 and tenant_id = $1 and id = '{TenantDataKey.SmtpPasswordKeyId}' and exists (select from stream))
            select version from stream
            """;
        // Most commands only append to a stream and store no version: the same writes without the tables they do not
        // touch (PostgreSQL opens and locks every table and index a statement names, rows or not; 0.03-0.04 ms per PUT).
        _appendSql = $"""
            with stream as (
                update {schema}.mt_streams set version = $2 + cardinality($3::uuid[]), timestamp = now()
                where tenant_id = $1 and id = $1 and version = $2
                returning version),
            {events}
            select version from stream
            """;
        // And most of those append one event: the same writes with that event's fields as scalar parameters. Without
        // the unnest of five arrays PostgreSQL spent a median 0.27 ms per PUT against 0.33, over seven
        // alternating runs (benchmark notes, round 21).
        _appendOneSql = $"""
            with stream as (
                update {schema}.mt_streams set version = $2 + 1, timestamp = now()
                where tenant_id = $1 and id = $1 and version = $2
                returning version),
            events as (
                {insertEvents}
                select nextval('{schema}.mt_events_sequence'), $3, $1, stream.version, $6, $4, $1, $7, $5, false, $8, $9 from stream),
            {document}
            select version from stream
            """;
    }

    public static SettingsStatements For(IDocumentStore store) => ByStore.GetValue(store, s => new SettingsStatements(s));

    /// <summary>
    /// The tenant's current document, read as Marten's <c>LoadAsync</c> reads it (its table, its serializer) in one prepared
    /// point SELECT: the GET of the settings and the writer's cache miss, without a Marten session around the read.
    /// </summary>
    public async Task<EmailSettingsDocument?> LoadAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(_loadSql, connection) { Parameters = { new NpgsqlParameter<string> { TypedValue = tenantId } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? _serializer.FromJson<EmailSettingsDocument>(reader, 0) : null;
    }

    /// <summary>The last version of the tenant's settings that had happened at <paramref name="asOf"/>; 0 when none had.</summary>
    public async Task<long> LatestVersionAtAsync(string tenantId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        await using var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(_versionAtSql, connection)
        {
            Parameters = { new NpgsqlParameter<string> { TypedValue = tenantId }, new NpgsqlParameter<DateTimeOffset> { TypedValue = asOf.ToUniversalTime() } },
        };
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Writes <paramref name="commit"/> whole, or nothing.</summary>
    /// <exception cref="ExistingStreamIdCollisionException">The stream was to be started and exists.</exception>
    /// <exception cref="EventStreamUnexpectedMaxEventIdException">The stream is no longer at the expected version.</exception>
    public async Task WriteAsync(SettingsCommit commit, CancellationToken cancellationToken)
    {
        var count = commit.Events.Count;
        var (ids, types, dotnetTypes, bodies, moments) = (new Guid[count], new string[count], new string[count], new string[count], new DateTimeOffset[count]);
        for (var i = 0; i < count; i++)
        {
            var mapping = _graph.EventMappingFor(commit.Events[i].GetType());
            ids[i] = Guid.CreateVersion7();
            types[i] = mapping.EventTypeName;
            dotnetTypes[i] = mapping.DotNetTypeName;
            bodies[i] = _serializer.ToJson(commit.Events[i]);
            moments[i] = ((ISettingsEvent)commit.Events[i]).OccurredAt; // the moment ?asOf compares, as the version's own
        }

        var snapshots = commit.Snapshots;
        var appendsOnly = commit.ExpectedVersion > 0 && snapshots.Count == 0 && !commit.ErasesDataKey;
        var appendsOne = appendsOnly && count == 1;
        await using var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(appendsOne ? _appendOneSql : appendsOnly ? _appendSql : _sql, connection);
        var parameters = command.Parameters;
        parameters.Add(new() { Value = commit.TenantId, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new() { Value = commit.ExpectedVersion, NpgsqlDbType = NpgsqlDbType.Bigint });
        // The event's fields: one value each, or an array of them.
        void Event<T>(T[] values, NpgsqlDbType type) =>
            parameters.Add(appendsOne ? new NpgsqlParameter { Value = values[0], NpgsqlDbType = type } : new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | type });
        Event(ids, NpgsqlDbType.Uuid);
        Event(types, NpgsqlDbType.Text);
        Event(dotnetTypes, NpgsqlDbType.Text);
        Event(bodies, NpgsqlDbType.Jsonb);
        Event(moments, NpgsqlDbType.TimestampTz);
        parameters.Add(new() { Value = commit.CorrelationId, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new() { Value = commit.UserName, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new() { Value = _serializer.ToJson(commit.Document), NpgsqlDbType = NpgsqlDbType.Jsonb });
        if (!appendsOnly)
        {
            parameters.Add(new() { Value = snapshots.Select(s => s.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            parameters.Add(new() { Value = snapshots.Select(_serializer.ToJson).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
            parameters.Add(new() { Value = snapshots.Select(s => s.Version).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            parameters.Add(new() { Value = snapshots.Select(s => s.OccurredAt).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            parameters.Add(new() { Value = commit.ErasesDataKey, NpgsqlDbType = NpgsqlDbType.Boolean });
        }

        object? written;
        try
        {
            written = await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "pk_mt_events_stream_and_version")
        {
            // The stream row is behind its own events (written by hand): Marten reports the same as a lost race.
            throw new EventStreamUnexpectedMaxEventIdException(commit.TenantId, typeof(EmailSettingsDocument), commit.ExpectedVersion, -1);
        }

        if (written is null)
        {
            throw commit.ExpectedVersion == 0
                ? new ExistingStreamIdCollisionException(commit.TenantId, typeof(EmailSettingsDocument))
                : new EventStreamUnexpectedMaxEventIdException(commit.TenantId, typeof(EmailSettingsDocument), commit.ExpectedVersion, -1);
        }
    }

    private static string Table<T>(IReadOnlyStoreOptions options) => options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;

    private static string DotNetTypeName<T>() => typeof(T).FullName!;
}
