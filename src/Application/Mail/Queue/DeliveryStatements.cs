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
/// CTEs, completing one statement per table in one batch. Marten reads them back as its own (<c>FetchStreamAsync</c>, <c>LoadAsync</c>). As with Marten's append, an event states its stream version: of two
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
                select s.id, '{events.AggregateAliasFor(typeof(Delivery))}', 1, now(), s.tenant_id from unnest($1::text[], $2::text[]) s(id, tenant_id)),
            events as (
                insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived)
                select nextval('{schema}.mt_events_sequence'), e.id, e.stream_id, 1, e.data, '{queued.EventTypeName}', e.tenant_id, e.at, '{queued.DotNetTypeName}', false
                from unnest($4::uuid[], $1::text[], $5::jsonb[], $2::text[], $3::timestamptz[]) e(id, stream_id, data, tenant_id, at)),
            deliveries as (
                insert into {deliveries} (tenant_id, id, data, mt_last_modified, mt_dotnet_type, queued_at)
                select d.tenant_id, d.id, d.data, transaction_timestamp(), '{DotNetTypeName<Delivery>()}', d.at
                from unnest($1::text[], $6::jsonb[], $2::text[], $3::timestamptz[]) d(id, data, tenant_id, at)),
            contents as (
                insert into {contents} (tenant_id, id, data, mt_last_modified, mt_dotnet_type)
                select c.tenant_id, c.id, c.data, transaction_timestamp(), '{DotNetTypeName<MailContent>()}' from unnest($1::text[], $7::jsonb[], $2::text[]) c(id, data, tenant_id))
            """;
        var enqueue = $"insert into {queue} (tenant_id, delivery_id, due_at, claim, lease_until) select q.tenant_id, q.id, q.at, $8, $9 from unnest($1::text[], $2::text[], $3::timestamptz[]) q(id, tenant_id, at)";
        _accept = $"{accept}\n{enqueue}";
        _acceptWithKey = $"""
            {accept},
            queued as ({enqueue})
            insert into {idempotency} (tenant_id, id, data, mt_last_modified, mt_dotnet_type)
            select k.tenant_id, k.id, k.data, transaction_timestamp(), '{DotNetTypeName<IdempotencyRecord>()}' from unnest($10::text[], $11::text[], $12::jsonb[]) k(tenant_id, id, data)
            """;
        _graph = events;
        _appendEvents = $"""
            insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived)
            select nextval('{schema}.mt_events_sequence'), e.id, e.stream_id, e.version, e.data, e.type, e.tenant_id, $1, e.dotnet_type, false
            from unnest($2::uuid[], $3::text[], $4::bigint[], $5::jsonb[], $6::text[], $7::text[], $8::text[]) e(id, stream_id, version, data, type, tenant_id, dotnet_type)
            """;
        _appendStreams = $"""
            update {schema}.mt_streams s set version = greatest(s.version, u.version), timestamp = now()
            from unnest($1::text[], $2::text[], $3::bigint[]) u(tenant_id, id, version) where s.tenant_id = u.tenant_id and s.id = u.id
            """;
        _storeDeliveries = $"""
            update {deliveries} d set data = u.data, mt_last_modified = transaction_timestamp(), mt_version = gen_random_uuid()
            from unnest($1::text[], $2::text[], $3::jsonb[]) u(tenant_id, id, data) where d.tenant_id = u.tenant_id and d.id = u.id
            """;
    }

    /// <summary>
    /// ONE statement (data-modifying CTEs, so one implicit transaction without BEGIN and COMMIT) that accepts the mails
    /// of <paramref name="requests"/> (of one tenant or several, decision 17): each delivery's stream with its
    /// <see cref="MailQueued"/>, its <see cref="Delivery"/> document, its bodies and its queue row, due at its request's
    /// moment (held by <paramref name="handOff"/>'s claim when there is one, else unclaimed), and each request's
    /// idempotency record when it has one. All of it is written, or (a raced key, any error) none of it.
    /// </summary>
    public NpgsqlCommand Accept(NpgsqlConnection connection, IReadOnlyList<MailAcceptance> requests, HandOffClaim? handOff)
    {
        var count = requests.Sum(r => r.Mails.Count);
        var (ids, tenants, moments, eventIds) = (new string[count], new string[count], new DateTimeOffset[count], new Guid[count]);
        var (eventBodies, deliveries, contents) = (new string[count], new string[count], new string[count]);
        var i = 0;
        foreach (var request in requests)
        {
            foreach (var (queued, content) in request.Mails)
            {
                ids[i] = queued.DeliveryId;
                tenants[i] = request.TenantId;
                moments[i] = request.Now;
                eventIds[i] = Guid.CreateVersion7(request.Now);
                eventBodies[i] = _serializer.ToJson(queued);
                deliveries[i] = _serializer.ToJson(Delivery.Evolve(null, queued)!);
                contents[i] = _serializer.ToJson(content);
                i++;
            }
        }

        var keyed = requests.Where(r => r.Idempotency is not null).ToList();
        var command = new NpgsqlCommand(keyed.Count == 0 ? _accept : _acceptWithKey, connection)
        {
            Parameters =
            {
                Texts(ids),
                Texts(tenants),
                new NpgsqlParameter<DateTimeOffset[]> { TypedValue = moments, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                new NpgsqlParameter<Guid[]> { TypedValue = eventIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
                Texts(eventBodies),
                Texts(deliveries),
                Texts(contents),
                new NpgsqlParameter { Value = handOff is { } claim ? claim.Claim : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
                new NpgsqlParameter { Value = handOff is { } lease ? lease.LeaseUntil : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            },
        };
        if (keyed.Count > 0)
        {
            command.Parameters.Add(Texts([.. keyed.Select(r => r.TenantId)]));
            command.Parameters.Add(Texts([.. keyed.Select(r => r.Idempotency!.Id)]));
            command.Parameters.Add(Texts([.. keyed.Select(r => _serializer.ToJson(r.Idempotency!))]));
        }

        return command;
    }

    /// <summary>
    /// Each delivery's next event, appended at the version <see cref="Delivery.Evolve"/> gives it, and its evolved
    /// document, as three statements of <paramref name="batch"/>; nothing for an empty list. They take their locks in the
    /// order of Marten's own append (<c>mt_quick_append_events</c>, which a cancel or retry runs): the event's
    /// (tenant, stream, version) key, then the stream row, then the document. A writer racing on the same delivery
    /// therefore waits at the first of them for the other to finish, and the one that commits second fails on the key.
    /// Moving the stream row first would deadlock with a cancel that has written its event and not yet its stream row.
    /// </summary>
    public void Append(NpgsqlBatch batch, IReadOnlyList<(Delivery Delivery, IDeliveryEvent Change)> changes, DateTimeOffset now)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var tenants = new string[changes.Count];
        var ids = new string[changes.Count];
        var versions = new long[changes.Count];
        var eventIds = new Guid[changes.Count];
        var bodies = new string[changes.Count];
        var types = new string[changes.Count];
        var dotnetTypes = new string[changes.Count];
        var documents = new string[changes.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            var (delivery, change) = changes[i];
            var mapping = _graph.EventMappingFor(change.GetType());
            var next = Delivery.Evolve(delivery, change)!;
            tenants[i] = delivery.TenantId;
            ids[i] = delivery.Id;
            versions[i] = next.Version;
            eventIds[i] = Guid.CreateVersion7(now);
            bodies[i] = _serializer.ToJson(change);
            types[i] = mapping.EventTypeName;
            dotnetTypes[i] = mapping.DotNetTypeName;
            documents[i] = _serializer.ToJson(next);
        }

        batch.BatchCommands.Add(Command(
            _appendEvents,
            new NpgsqlParameter<DateTimeOffset> { TypedValue = now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            new NpgsqlParameter<Guid[]> { TypedValue = eventIds, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
            Texts(ids),
            new NpgsqlParameter<long[]> { TypedValue = versions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint },
            Texts(bodies),
            Texts(types),
            Texts(tenants),
            Texts(dotnetTypes)));
        batch.BatchCommands.Add(Command(
            _appendStreams, Texts(tenants), Texts(ids), new NpgsqlParameter<long[]> { TypedValue = versions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint }));
        batch.BatchCommands.Add(Command(_storeDeliveries, Texts(tenants), Texts(ids), Texts(documents)));
    }

    /// <summary>One statement of a batch, its parameters given in the order of their numbers.</summary>
    public static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    public static NpgsqlParameter<string[]> Texts(string[] values) => new() { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static string DotNetTypeName<T>() => typeof(T).FullName!;
}
