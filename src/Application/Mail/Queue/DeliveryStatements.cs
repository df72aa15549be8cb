using Desktomy.Email.Domain.Mail;
using Marten;
using Marten.Events;
using Npgsql;
using NpgsqlTypes;

namespace Desktomy.Email.Application.Mail.Queue;

/// <summary>
/// The rows Marten would write for the deliveries the queue accepts and completes (<c>StartStream</c> or <c>Append</c>
/// of one event and <c>Store</c> of the <see cref="Delivery"/>, and a new one's <see cref="MailContent"/>), with Marten's
/// names, types and serializer, set-based for any number of deliveries: accepting is ONE statement of data-modifying
/// CTEs, completing one statement per table. Marten reads them back as its own (<c>FetchStreamAsync</c>, <c>LoadAsync</c>). As with Marten's append, an event states its stream version: of two
/// writers racing on one delivery, the second fails on the events' (tenant, stream, version) key.
/// </summary>
internal sealed class DeliveryStatements
{
    private readonly ISerializer _serializer;
    private readonly string _accept;
    private readonly string _acceptWithKey;
    private readonly EventGraph _graph;
    private readonly string _appendEvents;
    private readonly string _appendStreams;
    private readonly string _storeDeliveries;

    public DeliveryStatements(StoreOptions options, string deliveries, string contents, string idempotency, string queue)
    {
        _serializer = options.Serializer();
        var events = options.Events as EventGraph ?? throw new InvalidOperationException("Marten's event graph");
        var schema = events.DatabaseSchemaName;
        var queued = events.EventMappingFor(typeof(MailQueued));
        var accept = $"""
            with streams as (
                insert into {schema}.mt_streams (id, type, version, timestamp, tenant_id)
                select unnest($1::text[]), '{events.AggregateAliasFor(typeof(Delivery))}', 1, now(), $2),
            events as (
                insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived)
                select nextval('{schema}.mt_events_sequence'), e.id, e.stream_id, 1, e.data, '{queued.EventTypeName}', $2, $3, '{queued.DotNetTypeName}', false
                from unnest($4::uuid[], $1::text[], $5::jsonb[]) e(id, stream_id, data)),
            deliveries as (
                insert into {deliveries} (tenant_id, id, data, mt_last_modified, mt_dotnet_type, queued_at)
                select $2, d.id, d.data, transaction_timestamp(), '{DotNetTypeName<Delivery>()}', $3 from unnest($1::text[], $6::jsonb[]) d(id, data)),
            contents as (
                insert into {contents} (tenant_id, id, data, mt_last_modified, mt_dotnet_type)
                select $2, c.id, c.data, transaction_timestamp(), '{DotNetTypeName<MailContent>()}' from unnest($1::text[], $7::jsonb[]) c(id, data))
            """;
        var enqueue = $"insert into {queue} (tenant_id, delivery_id, due_at) select $2, unnest($1::text[]), $3";
        _accept = $"{accept}\n{enqueue}";
        _acceptWithKey = $"""
            {accept},
            queued as ({enqueue})
            insert into {idempotency} (tenant_id, id, data, mt_last_modified, mt_dotnet_type)
            values ($2, $8, $9::jsonb, transaction_timestamp(), '{DotNetTypeName<IdempotencyRecord>()}')
            """;
        _graph = events;
        _appendEvents = $"""
            insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived)
            select nextval('{schema}.mt_events_sequence'), e.id, e.stream_id, e.version, e.data, e.type, e.tenant_id, ?, e.dotnet_type, false
            from unnest(?::uuid[], ?::text[], ?::bigint[], ?::jsonb[], ?::text[], ?::text[], ?::text[]) e(id, stream_id, version, data, type, tenant_id, dotnet_type)
            """;
        _appendStreams = $"""
            update {schema}.mt_streams s set version = greatest(s.version, u.version), timestamp = now()
            from unnest(?::text[], ?::text[], ?::bigint[]) u(tenant_id, id, version) where s.tenant_id = u.tenant_id and s.id = u.id
            """;
        _storeDeliveries = $"""
            update {deliveries} d set data = u.data, mt_last_modified = transaction_timestamp(), mt_version = gen_random_uuid()
            from unnest(?::text[], ?::text[], ?::jsonb[]) u(tenant_id, id, data) where d.tenant_id = u.tenant_id and d.id = u.id
            """;
    }

    /// <summary>
    /// ONE statement (data-modifying CTEs, so one implicit transaction without BEGIN and COMMIT) that accepts mails of
    /// one tenant, due at <paramref name="now"/>: each delivery's stream with its <see cref="MailQueued"/>, its
    /// <see cref="Delivery"/> document, its bodies and its queue row, and the request's <paramref name="idempotency"/>
    /// record when it has one. All of it is written, or (a raced key, any error) none of it.
    /// </summary>
    public NpgsqlCommand Accept(
        NpgsqlConnection connection, string tenantId, IReadOnlyList<(MailQueued Queued, MailContent Content)> mails, DateTimeOffset now, IdempotencyRecord? idempotency)
    {
        var ids = new string[mails.Count];
        var eventIds = new Guid[mails.Count];
        var eventBodies = new string[mails.Count];
        var deliveries = new string[mails.Count];
        var contents = new string[mails.Count];
        for (var i = 0; i < mails.Count; i++)
        {
            var (queued, content) = mails[i];
            ids[i] = queued.DeliveryId;
            eventIds[i] = Guid.CreateVersion7(now);
            eventBodies[i] = _serializer.ToJson(queued);
            deliveries[i] = _serializer.ToJson(Delivery.Evolve(null, queued)!);
            contents[i] = _serializer.ToJson(content);
        }

        var command = new NpgsqlCommand(idempotency is null ? _accept : _acceptWithKey, connection)
        {
            Parameters =
            {
                new NpgsqlParameter<string[]> { TypedValue = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<string> { TypedValue = tenantId, NpgsqlDbType = NpgsqlDbType.Text },
                new NpgsqlParameter<DateTimeOffset> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new NpgsqlParameter<Guid[]> { TypedValue = eventIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
                new NpgsqlParameter<string[]> { TypedValue = eventBodies, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<string[]> { TypedValue = deliveries, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                new NpgsqlParameter<string[]> { TypedValue = contents, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            },
        };
        if (idempotency is not null)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = idempotency.Id, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _serializer.ToJson(idempotency), NpgsqlDbType = NpgsqlDbType.Text });
        }

        return command;
    }

    /// <summary>
    /// Each delivery's next event, appended at the version <see cref="Delivery.Evolve"/> gives it, and its evolved
    /// document; returns the documents. Nothing is written for an empty list.
    /// </summary>
    public IReadOnlyList<Delivery> Append(IDocumentOperations session, IReadOnlyList<(Delivery Delivery, IDeliveryEvent Change)> changes, DateTimeOffset now)
    {
        if (changes.Count == 0)
        {
            return [];
        }

        var next = new Delivery[changes.Count];
        var tenants = new string[changes.Count];
        var ids = new string[changes.Count];
        var versions = new long[changes.Count];
        var eventIds = new string[changes.Count];
        var bodies = new string[changes.Count];
        var types = new string[changes.Count];
        var dotnetTypes = new string[changes.Count];
        var documents = new string[changes.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            var (delivery, change) = changes[i];
            var mapping = _graph.EventMappingFor(change.GetType());
            next[i] = Delivery.Evolve(delivery, change)!;
            tenants[i] = delivery.TenantId;
            ids[i] = delivery.Id;
            versions[i] = next[i].Version;
            eventIds[i] = Guid.CreateVersion7(now).ToString();
            bodies[i] = _serializer.ToJson(change);
            types[i] = mapping.EventTypeName;
            dotnetTypes[i] = mapping.DotNetTypeName;
            documents[i] = _serializer.ToJson(next[i]);
        }

        session.QueueSqlCommand(_appendEvents, now, eventIds, ids, versions, bodies, types, tenants, dotnetTypes);
        session.QueueSqlCommand(_appendStreams, tenants, ids, versions);
        session.QueueSqlCommand(_storeDeliveries, tenants, ids, documents);
        return next;
    }

    private static string DotNetTypeName<T>() => typeof(T).FullName!;
}
