using Desktomy.Email.Domain.Mail;
using Marten;
using Marten.Events;

namespace Desktomy.Email.Application.Mail.Queue;

/// <summary>
/// The rows Marten would write for the deliveries the queue accepts and completes (<c>StartStream</c> or <c>Append</c>
/// of one event and <c>Store</c> of the <see cref="Delivery"/>, and a new one's <see cref="MailContent"/>), with Marten's
/// names, types and serializer, one statement per table for any number of deliveries. Marten reads them back as its own
/// (<c>FetchStreamAsync</c>, <c>LoadAsync</c>). As with Marten's append, an event states its stream version: of two
/// writers racing on one delivery, the second fails on the events' (tenant, stream, version) key.
/// </summary>
internal sealed class DeliveryStatements
{
    private readonly ISerializer _serializer;
    private readonly string _streams;
    private readonly string _events;
    private readonly string _deliveries;
    private readonly string _contents;
    private readonly string _queue;
    private readonly EventGraph _graph;
    private readonly string _appendEvents;
    private readonly string _appendStreams;
    private readonly string _storeDeliveries;

    public DeliveryStatements(StoreOptions options, string deliveries, string contents, string queue)
    {
        _serializer = options.Serializer();
        var events = options.Events as EventGraph ?? throw new InvalidOperationException("Marten's event graph");
        var schema = events.DatabaseSchemaName;
        var queued = events.EventMappingFor(typeof(MailQueued));
        _streams = $"insert into {schema}.mt_streams (id, type, version, timestamp, tenant_id) select unnest(?::text[]), '{events.AggregateAliasFor(typeof(Delivery))}', 1, now(), ?";
        _events = $"""
            insert into {schema}.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived)
            select nextval('{schema}.mt_events_sequence'), e.id, e.stream_id, 1, e.data, '{queued.EventTypeName}', ?, ?, '{queued.DotNetTypeName}', false
            from unnest(?::uuid[], ?::text[], ?::jsonb[]) e(id, stream_id, data)
            """;
        _deliveries = $"""
            insert into {deliveries} (tenant_id, id, data, mt_last_modified, mt_dotnet_type, queued_at)
            select ?, d.id, d.data, transaction_timestamp(), '{DotNetTypeName<Delivery>()}', ? from unnest(?::text[], ?::jsonb[]) d(id, data)
            """;
        _contents = $"""
            insert into {contents} (tenant_id, id, data, mt_last_modified, mt_dotnet_type)
            select ?, c.id, c.data, transaction_timestamp(), '{DotNetTypeName<MailContent>()}' from unnest(?::text[], ?::jsonb[]) c(id, data)
            """;
        _queue = $"insert into {queue} (tenant_id, delivery_id, due_at) select ?, unnest(?::text[]), ?";
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

    public void Queue(IDocumentOperations session, string tenantId, IReadOnlyList<(MailQueued Queued, MailContent Content)> mails, DateTimeOffset now)
    {
        var ids = new string[mails.Count];
        var eventIds = new string[mails.Count];
        var eventBodies = new string[mails.Count];
        var deliveries = new string[mails.Count];
        var contents = new string[mails.Count];
        for (var i = 0; i < mails.Count; i++)
        {
            var (queued, content) = mails[i];
            ids[i] = queued.DeliveryId;
            eventIds[i] = Guid.CreateVersion7(now).ToString();
            eventBodies[i] = _serializer.ToJson(queued);
            deliveries[i] = _serializer.ToJson(Delivery.Evolve(null, queued)!);
            contents[i] = _serializer.ToJson(content);
        }

        session.QueueSqlCommand(_streams, ids, tenantId);
        session.QueueSqlCommand(_events, tenantId, now, eventIds, ids, eventBodies);
        session.QueueSqlCommand(_deliveries, tenantId, now, ids, deliveries);
        session.QueueSqlCommand(_contents, tenantId, ids, contents);
        session.QueueSqlCommand(_queue, tenantId, ids, now);
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
