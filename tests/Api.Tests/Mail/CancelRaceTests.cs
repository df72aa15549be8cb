using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Domain.Mail;
using Marten;
using Marten.Events;
using Npgsql;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>
/// A cancel and the mail worker's completion of the same delivery, interleaved statement by statement on real
/// PostgreSQL: the mail is held at its SMTP server while a transaction of the test (a cancel written the way Marten
/// writes it, or a writer forced into a deadlock) takes its locks, and each step waits on the other side's lock wait
/// (pg_blocking_pids), never on time.
/// </summary>
public sealed class CancelRaceTests(ClockedApiFactory factory) : MailTest(factory), IClassFixture<ClockedApiFactory>
{
    private const string NotRecorded = "could not be recorded";
    private static readonly object Mail = new { to = new[] { "jan@klient.pl" }, subject = "Faktura", textBody = "W załączniku" };

    [Fact]
    public async Task a_cancel_has_written_its_event_and_not_yet_its_document_when_it_waits_for_its_stream_row()
    {
        await using var held = await HeldSmtpServer.StartAsync();
        var tenant = await TenantWithOwnServerAsync(held.Server);
        var id = await QueuedAsync(tenant);
        await held.ReachedAsync("the mail never reached the server");

        await using var writer = await RacingWriter.BeginAsync(Factory, tenant, id);
        await writer.ShareStreamRowAsync();
        var cancelling = Admin(tenant).PostAsync($"{Emails(tenant)}/{id}/cancel", null);
        var cancel = await writer.BlockedAsync("the cancel never waited for the stream row");
        var locks = await writer.WriteLocksOfAsync(cancel);
        await writer.CommitAsync();
        var cancelled = await cancelling;
        held.Release();

        // Waiting in its stream update with its event inserted, and neither its document nor the queue row touched yet:
        // the order the completion's statements follow (DeliveryStatements.Append).
        Assert.Equal(["mt_events", "mt_streams"], locks);
        Assert.Equal(200, cancelled.Status);
        await AssertCancelledAndNeverSentAsync(tenant, id);
    }

    [Fact]
    public async Task a_completion_that_meets_a_cancel_between_its_event_and_its_stream_row_waits_and_the_cancel_stands()
    {
        await using var held = await HeldSmtpServer.StartAsync();
        var tenant = await TenantWithOwnServerAsync(held.Server);
        var id = await QueuedAsync(tenant);
        await held.ReachedAsync("the mail never reached the server");
        var failedBefore = Logged(NotRecorded);

        // The cancel's statements in the order Marten's append runs them (the first test pins that order on the real cancel);
        // the test's transaction detects a deadlock long before the worker would, so a cycle fails it here.
        await using var writer = await RacingWriter.BeginAsync(Factory, tenant, id, deadlockTimeout: "10ms");
        var cancelled = await writer.CancelledAsync();
        await writer.InsertEventAsync(cancelled);
        held.Release();
        await writer.BlockedAsync("the worker's completion never waited for the cancel");
        await writer.MoveStreamAsync(cancelled);
        await writer.StoreDeliveryAsync(cancelled);
        await writer.DeleteQueueRowAsync();
        await writer.CommitAsync();

        await AssertCancelledAndNeverSentAsync(tenant, id);
        await AssertWorkerMovedOnAsync(tenant);
        AssertNoneUnrecordedSince(failedBefore);
    }

    [Fact]
    public async Task a_completion_aborted_by_a_deadlock_is_decided_again_and_the_cancel_stands()
    {
        await WarmUpAsync();
        await using var held = await HeldSmtpServer.StartAsync();
        var tenant = await TenantWithOwnServerAsync(held.Server);
        var id = await QueuedAsync(tenant);
        await held.ReachedAsync("the mail never reached the server");
        var failedBefore = Logged(NotRecorded);

        // A writer that moves the stream row before it inserts its event: against the completion's order that is a
        // deadlock, which PostgreSQL breaks by aborting the completion (the writer's deadlock_timeout is the longer).
        await using var writer = await RacingWriter.BeginAsync(Factory, tenant, id, deadlockTimeout: "30s");
        var cancelled = await writer.CancelledAsync();
        await writer.MoveStreamAsync(cancelled);
        held.Release();
        var worker = await writer.BlockedAsync("the worker's completion never waited for the stream row");
        var inserting = writer.InsertEventAsync(cancelled);
        await writer.DeadlockedWithAsync(worker, "the writer's event never waited for the completion's");
        await inserting;
        await writer.StoreDeliveryAsync(cancelled);
        await writer.DeleteQueueRowAsync();
        await writer.CommitAsync();

        await AssertCancelledAndNeverSentAsync(tenant, id);
        await AssertWorkerMovedOnAsync(tenant);
        AssertNoneUnrecordedSince(failedBefore);
    }

    [Fact]
    public async Task a_cancel_aborted_by_a_deadlock_is_decided_again_and_stands()
    {
        await CancelsWarmedUpAsync();
        await using var held = await HeldSmtpServer.StartAsync();
        var tenant = await TenantWithOwnServerAsync(held.Server);
        var id = await QueuedAsync(tenant);
        await held.ReachedAsync("the mail never reached the server");

        // The writer holds the queue row the cancel deletes last, then wants the stream row the cancel has moved: a deadlock
        // PostgreSQL breaks by aborting the cancel (the writer's deadlock_timeout is the longer), which goes again.
        await using var writer = await RacingWriter.BeginAsync(Factory, tenant, id, deadlockTimeout: "30s");
        await writer.LockQueueRowAsync();
        var cancelling = Admin(tenant).PostAsync($"{Emails(tenant)}/{id}/cancel", null);
        var cancel = await writer.BlockedAsync("the cancel never waited for the queue row");
        var touching = writer.TouchStreamRowAsync();
        await writer.DeadlockedWithAsync(cancel, "the writer never waited for the cancel's stream row");
        await touching;
        await writer.RollbackAsync();
        var cancelled = await cancelling;
        held.Release();

        Assert.Equal(200, cancelled.Status);
        await AssertCancelledAndNeverSentAsync(tenant, id);
        await AssertWorkerMovedOnAsync(tenant);
    }

    private async Task<string> QueuedAsync(string tenant)
    {
        var accepted = await Admin(tenant).PostAsync(Emails(tenant), Mail);
        Assert.Equal(202, accepted.Status);
        return accepted.As<QueuedReply>().Id;
    }

    /// <summary>Mails sent and recorded before, as on a node that has been sending for a while (Npgsql auto-prepares a statement at its second use).</summary>
    private async Task WarmUpAsync()
    {
        var tenant = await ConfiguredTenantAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("Sent", (await SendAndFinishAsync(tenant, Mail)).Status);
        }
    }

    /// <summary>
    /// Cancels committed before, as on a node that has served them for a while: mails queued while the worker is held on
    /// another one stay unclaimed, and are cancelled.
    /// </summary>
    private async Task CancelsWarmedUpAsync()
    {
        await using var held = await HeldSmtpServer.StartAsync();
        var tenant = await TenantWithOwnServerAsync(held.Server);
        var sending = await QueuedAsync(tenant);
        await held.ReachedAsync("the mail never reached the server");
        foreach (var id in new[] { await QueuedAsync(tenant), await QueuedAsync(tenant), await QueuedAsync(tenant), sending })
        {
            Assert.Equal(200, (await Admin(tenant).PostAsync($"{Emails(tenant)}/{id}/cancel", null)).Status);
        }

        held.Release();
        await AssertWorkerMovedOnAsync(tenant);
    }

    private int Logged(string text) => Factory.Logs.Lines.Count(l => l.Contains(text, StringComparison.Ordinal));

    /// <summary>No completion failed since <paramref name="failedBefore"/> were logged; a failure names the lines, with their exceptions.</summary>
    private void AssertNoneUnrecordedSince(int failedBefore)
    {
        var failed = Factory.Logs.Lines.Where(l => l.Contains(NotRecorded, StringComparison.Ordinal)).ToList();
        Assert.True(failed.Count == failedBefore, $"{failed.Count - failedBefore} completion(s) not recorded:\n{string.Join("\n", failed.Skip(failedBefore))}");
    }

    private async Task AssertCancelledAndNeverSentAsync(string tenant, string id)
    {
        Assert.Equal([typeof(MailQueued), typeof(MailCancelled)], (await DeliveryEventsAsync(tenant, id)).Select(e => e.GetType()));
        Assert.Equal("Cancelled", (await As(Identity.Support).GetAsync($"{Emails(tenant)}/{id}")).Json["status"]!.GetValue<string>());
        Assert.Null(await QueueRowAsync(tenant, id));
    }

    /// <summary>The worker takes one claim at a time: a later mail sent means the racing completion has ended.</summary>
    private async Task AssertWorkerMovedOnAsync(string tenant) =>
        Assert.Equal("Sent", (await SendAndFinishAsync(tenant, Mail)).Status);

    /// <summary>A transaction of the test on one delivery's rows, writing them with Marten's names and serializer.</summary>
    private sealed class RacingWriter : IAsyncDisposable
    {
        private readonly ApiFactory _factory;
        private readonly NpgsqlConnection _connection;
        private readonly NpgsqlTransaction _transaction;
        private readonly string _tenant;
        private readonly string _id;
        private readonly int _pid;

        private RacingWriter(ApiFactory factory, NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, string id)
        {
            _factory = factory;
            _connection = connection;
            _transaction = transaction;
            _tenant = tenant;
            _id = id;
            _pid = connection.ProcessID;
        }

        private string Schema => _factory.Schema;

        public static async Task<RacingWriter> BeginAsync(ApiFactory factory, string tenant, string id, string deadlockTimeout = "30s")
        {
            var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
            await connection.OpenAsync();
            var transaction = await connection.BeginTransactionAsync();
            var writer = new RacingWriter(factory, connection, transaction, tenant, id);
            await writer.ExecuteAsync($"set local deadlock_timeout = '{deadlockTimeout}'");
            return writer;
        }

        /// <summary>The cancel of the delivery as it is now, and its evolved document.</summary>
        public async Task<(MailCancelled Event, Delivery Next)> CancelledAsync()
        {
            await using var session = _factory.Store.QuerySession(_tenant);
            var delivery = (await session.LoadAsync<Delivery>(_id))!;
            var version = (await session.Events.FetchStreamStateAsync(_id))!.Version;
            var cancelled = new MailCancelled(_id, "test", DateTimeOffset.UtcNow);
            return (cancelled, Delivery.Evolve(delivery with { Version = version }, cancelled)!);
        }

        /// <summary>The event row as Marten's mt_quick_append_events inserts it.</summary>
        public async Task InsertEventAsync((MailCancelled Event, Delivery Next) cancelled)
        {
            var mapping = ((EventGraph)((StoreOptions)_factory.Store.Options).Events).EventMappingFor(typeof(MailCancelled));
            await ExecuteAsync(
                $"""
                insert into {Schema}.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived, user_name)
                values (nextval('{Schema}.mt_events_sequence'), $1, $2, $3, $4::jsonb, $5, $6, now(), $7, false, $8)
                """,
                Guid.CreateVersion7(), _id, cancelled.Next.Version, Json(cancelled.Event), mapping.EventTypeName, _tenant, mapping.DotNetTypeName, "test");
        }

        /// <summary>The stream row at the event's version, stated as the version it must be at before.</summary>
        public async Task MoveStreamAsync((MailCancelled Event, Delivery Next) cancelled) =>
            Assert.Equal(1, await ExecuteAsync(
                $"update {Schema}.mt_streams set version = $3, timestamp = now() where tenant_id = $1 and id = $2 and version = $3 - 1",
                _tenant, _id, cancelled.Next.Version));

        public async Task StoreDeliveryAsync((MailCancelled Event, Delivery Next) cancelled) =>
            Assert.Equal(1, await ExecuteAsync(
                $"update {Schema}.mt_doc_delivery set data = $3::jsonb, mt_last_modified = transaction_timestamp(), mt_version = gen_random_uuid() where tenant_id = $1 and id = $2",
                _tenant, _id, Json(cancelled.Next)));

        public async Task DeleteQueueRowAsync() =>
            Assert.Equal(1, await ExecuteAsync($"delete from {Schema}.mail_queue where tenant_id = $1 and delivery_id = $2", _tenant, _id));

        public Task<int> LockQueueRowAsync() => ExecuteAsync($"select 1 from {Schema}.mail_queue where tenant_id = $1 and delivery_id = $2 for update", _tenant, _id);

        public Task<int> ShareStreamRowAsync() => ExecuteAsync($"select 1 from {Schema}.mt_streams where tenant_id = $1 and id = $2 for share", _tenant, _id);

        public Task<int> TouchStreamRowAsync() => ExecuteAsync($"update {Schema}.mt_streams set timestamp = now() where tenant_id = $1 and id = $2", _tenant, _id);

        /// <summary>Waits until another session waits for a lock this transaction holds; returns its process id.</summary>
        public async Task<int> BlockedAsync(string what)
        {
            var blocked = 0;
            await Eventually.HoldsAsync(
                async () => (blocked = await BlockedByThisAsync()) != 0,
                TimeSpan.FromSeconds(30),
                TimeSpan.FromMilliseconds(5),
                () => Task.FromResult(what));
            return blocked;
        }

        /// <summary>The tables of this test's schema that session <paramref name="pid"/> has written in its transaction so far.</summary>
        public async Task<string[]> WriteLocksOfAsync(int pid)
        {
            await using var command = new NpgsqlCommand(
                """
                select c.relname from pg_locks l join pg_class c on c.oid = l.relation join pg_namespace n on n.oid = c.relnamespace
                where l.pid = $1 and l.mode = 'RowExclusiveLock' and l.granted and n.nspname = $2 and c.relkind = 'r' order by c.relname
                """,
                _connection)
            {
                Parameters = { new() { Value = pid }, new() { Value = Schema } },
            };
            var tables = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }

            return [.. tables];
        }

        public Task CommitAsync() => _transaction.CommitAsync();

        public Task RollbackAsync() => _transaction.RollbackAsync();

        public async ValueTask DisposeAsync()
        {
            await _transaction.DisposeAsync();
            await _connection.DisposeAsync();
        }

        /// <summary>
        /// Waits until this transaction (in a statement) and session <paramref name="pid"/> each wait for the other: a
        /// deadlock, seen before PostgreSQL breaks it.
        /// </summary>
        public Task DeadlockedWithAsync(int pid, string what) =>
            Eventually.HoldsAsync(
                async () => await MonitorAsync("select $1 = any(pg_blocking_pids($2)) and $2 = any(pg_blocking_pids($1))", pid) is true,
                TimeSpan.FromSeconds(30),
                TimeSpan.FromMilliseconds(5),
                () => Task.FromResult(what));

        private async Task<int> BlockedByThisAsync() =>
            await MonitorAsync("select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid)) limit 1") as int? ?? 0;

        /// <summary>A query about this transaction's process ($1) on a connection of its own, while the transaction may be waiting.</summary>
        private async Task<object?> MonitorAsync(string sql, int? other = null)
        {
            await using var monitor = new NpgsqlConnection(ApiFactory.ConnectionString);
            await monitor.OpenAsync();
            await using var command = new NpgsqlCommand(sql, monitor) { Parameters = { new() { Value = _pid } } };
            if (other is { } pid)
            {
                command.Parameters.Add(new() { Value = pid });
            }

            return await command.ExecuteScalarAsync();
        }

        private string Json(object value) => _factory.Store.Options.Serializer().ToJson(value);

        private async Task<int> ExecuteAsync(string sql, params object[] parameters)
        {
            await using var command = new NpgsqlCommand(sql, _connection, _transaction);
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = parameter });
            }

            return await command.ExecuteNonQueryAsync();
        }
    }
}
