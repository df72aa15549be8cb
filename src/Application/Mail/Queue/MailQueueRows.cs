using Desktomy.Email.Application.Persistence;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Domain.Mail;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Desktomy.Email.Application.Mail.Queue;

/// <summary>A queue row held by this node under <paramref name="Claim"/>, with everything its attempt reads (null where it is missing).</summary>
public sealed record ClaimedMail(Guid Claim, string TenantId, string DeliveryId, int Failures, Delivery? Delivery, MailContent? Content, EmailSettingsDocument? Settings);

/// <summary>One request's mails as they are accepted: of one tenant, at one moment, with the request's idempotency record when it has a key.</summary>
public sealed record MailAcceptance(string TenantId, IReadOnlyList<(MailQueued Queued, MailContent Content)> Mails, DateTimeOffset Now, IdempotencyRecord? Idempotency);

/// <summary>What the completing commit does with a row held under <paramref name="Claim"/>: gone (the delivery is finished), or due again later.</summary>
public sealed record QueueRowChange(Guid Claim, string TenantId, string DeliveryId, DateTimeOffset? DueAgainAt, int Failures);

/// <summary>
/// The SQL of the mail queue (<see cref="MailQueueSchema"/>). Rows are written in the commit that changes their delivery
/// (<see cref="AcceptAsync"/> in its own statement, <see cref="CompleteAsync"/> in its own batch; <see cref="Enqueue"/> and
/// <see cref="Remove"/> queue statements into a Marten session); a node
/// takes due rows with <see cref="ClaimAsync"/>: a claim id and a lease, so that two nodes never take the same row and a
/// dead node's rows come back when its lease runs out. The rows of mails this node accepts for its own worker are
/// written claimed already (<see cref="MailHandOff"/>, decision 18), and <see cref="HeldAsync"/> checks them. Documents are read straight from Marten's tables with Marten's
/// serializer, so one statement claims a batch and reads it.
/// </summary>
public sealed class MailQueueRows
{
    /// <summary>Single mails accepted together at most (decision 17).</summary>
    internal const int MaxGroup = 64;

    /// <summary>A single mail whose bodies are longer (in characters) is accepted alone: a group's statement stays small.</summary>
    internal const int MaxGroupedBodies = 64 * 1024;

    private readonly IDocumentStore _store;
    private readonly string _queue;
    private readonly string _claimSql;
    private readonly string _readSql;
    private readonly string _heldSql;
    private readonly string _settingsSql;
    private readonly MailHandOff _handOff;
    private readonly string _idempotencyTable;
    private readonly string _idempotencySql;
    private readonly DeliveryStatements _deliveries;
    private readonly GroupCommit<MailAcceptance> _singles;

    public MailQueueRows(IDocumentStore store, MailHandOff handOff)
    {
        _store = store;
        _handOff = handOff;
        var options = store.Options;
        _queue = $"{options.DatabaseSchemaName}.{MailQueueSchema.TableName}";
        var deliveries = Table<Delivery>(options);
        var contents = Table<MailContent>(options);
        var settings = Table<EmailSettingsDocument>(options);
        var streams = $"{options.Events.DatabaseSchemaName}.mt_streams";
        string Reads(string rows) => $"""
            select c.tenant_id, c.delivery_id, c.failures, d.data, s.version, m.data, e.data
            from {rows} c
            left join {deliveries} d on d.tenant_id = c.tenant_id and d.id = c.delivery_id
            left join {streams} s on s.tenant_id = c.tenant_id and s.id = c.delivery_id
            left join {contents} m on m.tenant_id = c.tenant_id and m.id = c.delivery_id
            left join {settings} e on e.tenant_id = c.tenant_id and e.id = c.tenant_id
            """;
        // The due rows are locked in one pass (an InitPlan, run once) and updated by their row addresses: no join the
        // planner could turn into a loop that runs the locking scan once per queue row. The queue's statistics say "empty" as often as
        // not (it is analyzed whenever autovacuum passes), and a plan made on them must still take a long queue in one pass.
        _claimSql = $"""
            with claimed as (
                update {_queue} q set claim = $1, lease_until = $2 + $3
                where q.ctid = any(array(
                    select ctid from {_queue}
                    where due_at <= $2 and (lease_until is null or lease_until < $2)
                    order by due_at limit $4 for update skip locked))
                returning q.tenant_id, q.delivery_id, q.failures)
            {Reads("claimed")}
            """;
        var idempotency = options.FindOrResolveDocumentType(typeof(IdempotencyRecord)).TableName;
        _idempotencyTable = idempotency.Name;
        _deliveries = new DeliveryStatements((StoreOptions)store.Options, deliveries, contents, idempotency.QualifiedName, _queue);
        _idempotencySql = $"select data from {idempotency.QualifiedName} where tenant_id = $1 and id = $2";
        _singles = new GroupCommit<MailAcceptance>(
            requests => AcceptAsync(requests, CancellationToken.None), r => r.Idempotency is { } key ? $"{r.TenantId}\n{key.Id}" : null, MaxGroup);
        _readSql = Reads(
            $"(select $1::text as tenant_id, $2::text as delivery_id, coalesce((select failures from {_queue} where tenant_id = $1 and delivery_id = $2 and claim = $3), -1) as failures)");
        _heldSql = $"""
            select q.tenant_id, q.delivery_id from {_queue} q
            join unnest($1::text[], $2::text[], $3::uuid[]) h(tenant_id, delivery_id, claim) on q.tenant_id = h.tenant_id and q.delivery_id = h.delivery_id and q.claim = h.claim
            where q.lease_until > $4
            """;
        _settingsSql = $"select e.tenant_id, e.data from {settings} e join unnest($1::text[]) t(id) on e.tenant_id = t.id and e.id = t.id";
    }

    /// <summary>Rows for new deliveries of one tenant, due at <paramref name="dueAt"/>: one statement for any number of them.</summary>
    public void Enqueue(IDocumentOperations session, string tenantId, IReadOnlyList<string> deliveryIds, DateTimeOffset dueAt) =>
        session.QueueSqlCommand($"insert into {_queue} (tenant_id, delivery_id, due_at) select ?, unnest(?::text[]), ?", tenantId, deliveryIds.ToArray(), dueAt);

    /// <summary>
    /// Accepts mails of one tenant, due at <paramref name="now"/>, in ONE autocommitted statement on a pooled connection
    /// (<see cref="DeliveryStatements.Accept"/>): each delivery's stream with its <see cref="MailQueued"/>, its
    /// <see cref="Delivery"/> document, its bodies, its queue row and the request's <paramref name="idempotency"/> record,
    /// written as Marten writes them but set-based (decision 14). A single mail (of bodies up to
    /// <see cref="MaxGroupedBodies"/>) shares its statement with the single mails of other requests that arrive while
    /// one is in flight (decision 17). False, with nothing written, when another request committed the same
    /// Idempotency-Key first.
    /// </summary>
    public async Task<bool> AcceptAsync(
        string tenantId, IReadOnlyList<(MailQueued Queued, MailContent Content)> mails, DateTimeOffset now, IdempotencyRecord? idempotency, CancellationToken cancellationToken)
    {
        var request = new MailAcceptance(tenantId, mails, now, idempotency);
        return mails is [{ Content: var content }] && (content.TextBody?.Length ?? 0) + (content.HtmlBody?.Length ?? 0) <= MaxGroupedBodies
            ? await _singles.WriteAsync(request, cancellationToken)
            : (await AcceptAsync([request], cancellationToken))[0];
    }

    /// <summary>The single mails' group commit, for the tests that check mails were grouped.</summary>
    internal GroupCommit<MailAcceptance> Singles => _singles;

    /// <summary>
    /// Writes <paramref name="requests"/> in one statement, their rows claimed for this node's worker when it has room
    /// (<see cref="MailHandOff"/>), then hands it the mails; alone, a request whose key another committed first is answered false.
    /// </summary>
    private async Task<bool[]> AcceptAsync(IReadOnlyList<MailAcceptance> requests, CancellationToken cancellationToken)
    {
        var count = requests.Sum(r => r.Mails.Count);
        var handOff = _handOff.Reserve(count, requests[^1].Now);
        var handed = false;
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = _deliveries.Accept(connection, requests, handOff);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (requests is [{ Idempotency: not null }] && e.SqlState == PostgresErrorCodes.UniqueViolation && e.TableName == _idempotencyTable)
            {
                return [false];
            }

            if (handOff is { Claim: var claim })
            {
                handed = true;
                if (!_handOff.Accepted(count, requests.SelectMany(r => r.Mails.Select(m =>
                    new ClaimedMail(claim, r.TenantId, m.Queued.DeliveryId, 0, Delivery.Evolve(null, m.Queued), m.Content, Settings: null)))))
                {
                    await GiveBackAsync(claim); // the worker stopped while they were written: they are any node's now
                }
            }

            return [.. requests.Select(_ => true)];
        }
        finally
        {
            if (handOff is not null && !handed)
            {
                _handOff.NotAccepted(count);
            }
        }
    }

    private async Task GiveBackAsync(Guid claim)
    {
        try
        {
            await ReleaseAsync([claim], CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // PostgreSQL away: the rows come back when the lease runs out. The mails are committed; the request stands.
        }
    }

    /// <summary>
    /// Of mails handed to this node's worker, those whose rows still hold their claims (a cancel takes a row out) with a
    /// lease beyond <paramref name="leasedPast"/> (a row whose lease was not renewed in time, PostgreSQL away, is left to
    /// come back through the queue rather than sent while another node may take it), each with its tenant's settings as
    /// they are now (another node may have changed them): ONE round trip of two reads, no write and no commit, where a
    /// claim would update and read every row.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedMail>> HeldAsync(IReadOnlyList<ClaimedMail> handed, DateTimeOffset leasedPast, CancellationToken cancellationToken)
    {
        if (handed.Count == 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(DeliveryStatements.Command(
            _heldSql,
            DeliveryStatements.Texts([.. handed.Select(m => m.TenantId)]),
            DeliveryStatements.Texts([.. handed.Select(m => m.DeliveryId)]),
            Claims(handed.Select(m => m.Claim)),
            new NpgsqlParameter<DateTimeOffset> { TypedValue = leasedPast, NpgsqlDbType = NpgsqlDbType.TimestampTz }));
        batch.BatchCommands.Add(DeliveryStatements.Command(_settingsSql, DeliveryStatements.Texts([.. handed.Select(m => m.TenantId).Distinct()])));

        var held = new HashSet<(string, string)>();
        var settings = new Dictionary<string, EmailSettingsDocument>(StringComparer.Ordinal);
        var serializer = _store.Options.Serializer();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            held.Add((reader.GetString(0), reader.GetString(1)));
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            settings[reader.GetString(0)] = serializer.FromJson<EmailSettingsDocument>(reader, 1);
        }

        return [.. handed.Where(m => held.Contains((m.TenantId, m.DeliveryId))).Select(m => m with { Settings = settings.GetValueOrDefault(m.TenantId) })];
    }

    /// <summary>The record of the first request made with <paramref name="key"/> for this tenant, if there was one.</summary>
    public async Task<IdempotencyRecord?> FindIdempotencyAsync(string tenantId, string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(_idempotencySql, connection)
        {
            Parameters = { new NpgsqlParameter<string> { TypedValue = tenantId }, new NpgsqlParameter<string> { TypedValue = key } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? _store.Options.Serializer().FromJson<IdempotencyRecord>(reader, 0) : null;
    }

    /// <summary>The row of a delivery that will not be sent (cancelled), whoever holds it.</summary>
    public void Remove(IDocumentOperations session, string tenantId, string deliveryId) =>
        session.QueueSqlCommand($"delete from {_queue} where tenant_id = ? and delivery_id = ?", tenantId, deliveryId);

    /// <summary>
    /// The outcome of a claim: each delivery's next event and document (<see cref="DeliveryStatements.Append"/>), finished
    /// rows deleted, the others due again with their claim cleared. Only rows that still hold their change's claim
    /// are touched (a cancel may have removed one meanwhile). Five statements for any number, sent as ONE batch on a
    /// pooled connection: one implicit transaction, all of it or none. A failure is PostgreSQL's own exception and is not
    /// replayed: the caller decides again on fresh state. (In a Marten session, Marten replayed a commit a deadlock had
    /// aborted, and the replay failed with 08P01 once Npgsql had auto-prepared these statements: decision 14.)
    /// </summary>
    public async Task CompleteAsync(
        IReadOnlyList<(Delivery Delivery, IDeliveryEvent Change)> appends, IReadOnlyCollection<QueueRowChange> changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        _deliveries.Append(batch, appends, now);
        AddRowChanges(batch, changes);
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private void AddRowChanges(NpgsqlBatch batch, IReadOnlyCollection<QueueRowChange> changes)
    {
        var finished = changes.Where(c => c.DueAgainAt is null).ToList();
        if (finished.Count > 0)
        {
            batch.BatchCommands.Add(DeliveryStatements.Command(
                $"delete from {_queue} q using unnest($1::text[], $2::text[], $3::uuid[]) f(tenant_id, delivery_id, claim) where q.tenant_id = f.tenant_id and q.delivery_id = f.delivery_id and q.claim = f.claim",
                DeliveryStatements.Texts([.. finished.Select(c => c.TenantId)]), DeliveryStatements.Texts([.. finished.Select(c => c.DeliveryId)]), Claims(finished.Select(c => c.Claim))));
        }

        var later = changes.Where(c => c.DueAgainAt is not null).ToList();
        if (later.Count > 0)
        {
            batch.BatchCommands.Add(DeliveryStatements.Command(
                $"""
                update {_queue} q set due_at = f.due_at, failures = f.failures, claim = null, lease_until = null
                from unnest($1::text[], $2::text[], $3::timestamptz[], $4::integer[], $5::uuid[]) f(tenant_id, delivery_id, due_at, failures, claim)
                where q.tenant_id = f.tenant_id and q.delivery_id = f.delivery_id and q.claim = f.claim
                """,
                DeliveryStatements.Texts([.. later.Select(c => c.TenantId)]),
                DeliveryStatements.Texts([.. later.Select(c => c.DeliveryId)]),
                new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. later.Select(c => c.DueAgainAt!.Value)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                new NpgsqlParameter<int[]> { TypedValue = [.. later.Select(c => c.Failures)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer },
                Claims(later.Select(c => c.Claim))));
        }
    }

    /// <summary>The claim's statement (parameters: claim, now, lease, limit), for the test of its plan.</summary>
    internal string ClaimSql => _claimSql;

    /// <summary>Claims up to <paramref name="limit"/> due rows for <paramref name="lease"/> and reads what their attempts need, in one statement.</summary>
    public async Task<IReadOnlyList<ClaimedMail>> ClaimAsync(Guid claim, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(_claimSql, connection)
        {
            Parameters =
            {
                new() { Value = claim, NpgsqlDbType = NpgsqlDbType.Uuid },
                new() { Value = now, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new() { Value = lease, NpgsqlDbType = NpgsqlDbType.Interval },
                new() { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer },
            },
        };
        return await ReadAsync(command, claim, cancellationToken);
    }

    /// <summary>
    /// One delivery as it is now, for completing it alone; its <see cref="ClaimedMail.Failures"/> is -1 when its row no
    /// longer holds <paramref name="claim"/> (removed, or taken by another node).
    /// </summary>
    public async Task<ClaimedMail?> ReadAsync(string tenantId, string deliveryId, Guid claim, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(_readSql, connection)
        {
            Parameters = { new() { Value = tenantId }, new() { Value = deliveryId }, new() { Value = claim, NpgsqlDbType = NpgsqlDbType.Uuid } },
        };
        return (await ReadAsync(command, claim, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Keeps claims this node's while their mails are still being sent (or wait to be).</summary>
    public async Task ExtendLeaseAsync(IReadOnlyCollection<Guid> claims, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"update {_queue} set lease_until = $2 where claim = any($1)", connection)
        {
            Parameters = { Claims(claims), new() { Value = leaseUntil, NpgsqlDbType = NpgsqlDbType.TimestampTz } },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Gives back the rows of claims that were not completed (this node is stopping), due at once for any node.</summary>
    public async Task ReleaseAsync(IReadOnlyCollection<Guid> claims, CancellationToken cancellationToken)
    {
        if (claims.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"update {_queue} set claim = null, lease_until = null where claim = any($1)", connection)
        {
            Parameters = { Claims(claims) },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter<Guid[]> Claims(IEnumerable<Guid> claims) => new() { TypedValue = [.. claims], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid };

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = _store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private async Task<IReadOnlyList<ClaimedMail>> ReadAsync(NpgsqlCommand command, Guid claim, CancellationToken cancellationToken)
    {
        var serializer = _store.Options.Serializer();
        var claimed = new List<ClaimedMail>();

        // One statement reads one state of each tenant's settings: a claim of many mails of one tenant reads them once.
        var settings = new Dictionary<string, EmailSettingsDocument?>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var tenantId = reader.GetString(0);
            var delivery = await reader.IsDBNullAsync(3, cancellationToken) ? null : serializer.FromJson<Delivery>(reader, 3);

            // The stream's version is the one the next append must state (a document written before it was counted has none).
            if (delivery is not null && !await reader.IsDBNullAsync(4, cancellationToken))
            {
                delivery = delivery with { Version = reader.GetInt64(4) };
            }

            if (!settings.TryGetValue(tenantId, out var tenantSettings))
            {
                tenantSettings = await reader.IsDBNullAsync(6, cancellationToken) ? null : serializer.FromJson<EmailSettingsDocument>(reader, 6);
                settings[tenantId] = tenantSettings;
            }

            claimed.Add(new ClaimedMail(
                claim,
                tenantId,
                reader.GetString(1),
                reader.GetInt32(2),
                delivery,
                await reader.IsDBNullAsync(5, cancellationToken) ? null : serializer.FromJson<MailContent>(reader, 5),
                tenantSettings));
        }

        return claimed;
    }

    private static string Table<T>(IReadOnlyStoreOptions options) => options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;
}
