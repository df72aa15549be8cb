using Desktomy.Email.Domain.Mail;
using Marten;
using Marten.Events;

namespace Desktomy.Email.Application.Mail.Queue;

/// <summary>
/// The rows Marten would write for new deliveries (<c>StartStream</c> of one <see cref="MailQueued"/> and <c>Store</c> of
/// the <see cref="Delivery"/> and its <see cref="MailContent"/>), with Marten's names, types and serializer, one
/// statement per table. Marten reads them back as its own (<c>FetchStreamAsync</c>, <c>LoadAsync</c>); a second
/// acceptance of the same id fails on the stream's primary key as <c>StartStream</c> would.
/// </summary>
internal sealed class NewDeliveryStatements
{
    private readonly ISerializer _serializer;
    private readonly string _streams;
    private readonly string _events;
    private readonly string _deliveries;
    private readonly string _contents;
    private readonly string _queue;

    public NewDeliveryStatements(StoreOptions options, string deliveries, string contents, string queue)
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

    private static string DotNetTypeName<T>() => typeof(T).FullName!;
}
