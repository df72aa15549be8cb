using System.Text.Json.Nodes;
using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Secrets;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Domain.Settings;
using Marten;
using Npgsql;

namespace Desktomy.Email.Api.Tests.Settings;

/// <summary>
/// <see cref="SettingsWriter"/> commits with SQL of its own (<c>SettingsStatements</c>): Marten reads the rows as its
/// own, they are the rows Marten writes, and PostgreSQL refuses a write whose stream moved on, leaving nothing behind.
/// </summary>
public sealed class SettingsStatementsTests(ApiFactory factory) : ApiTest(factory)
{
    private const string Actor = "statements-test-actor";
    private const string Correlation = "statements-test-correlation";

    [Fact]
    public async Task settings_written_by_the_writer_read_back_through_marten_with_their_metadata()
    {
        var tenant = NewTenant();
        var writer = Writer();
        var before = DateTimeOffset.UtcNow;
        await writer.WriteAsync(tenant, null, Set(new PrimaryEmailSet(tenant, "biuro@acme.pl", before)), CancellationToken.None);
        var written = await writer.WriteAsync(
            tenant, 1, Set(new SenderNameChanged(tenant, "Biuro", before), new SenderNameChanged(tenant, "Biuro Acme", before)), CancellationToken.None);
        var after = DateTimeOffset.UtcNow;

        await using var session = Factory.Store.QuerySession(tenant);
        var events = await session.Events.FetchStreamAsync(tenant);
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Version));
        Assert.True(events[0].Sequence < events[1].Sequence && events[1].Sequence < events[2].Sequence);
        Assert.Equal([typeof(PrimaryEmailSet), typeof(SenderNameChanged), typeof(SenderNameChanged)], events.Select(e => e.EventType));
        Assert.Equal("Biuro Acme", ((SenderNameChanged)events[2].Data).SenderName);
        Assert.All(events, e =>
        {
            Assert.Equal(tenant, e.StreamKey);
            Assert.Equal(tenant, e.TenantId);
            Assert.Equal(Correlation, e.CorrelationId);
            Assert.Equal(Actor, e.UserName);
            var occurredAt = ((ISettingsEvent)e.Data).OccurredAt;
            Assert.Equal(occurredAt.AddTicks(-(occurredAt.Ticks % 10)), e.Timestamp); // the event's own moment, in PostgreSQL's microseconds
            Assert.NotEqual(Guid.Empty, e.Id);
        });
        Assert.Equal(3, events.Select(e => e.Id).Distinct().Count());

        var stream = await session.Events.FetchStreamStateAsync(tenant);
        Assert.Equal(3, stream!.Version);
        Assert.Equal(typeof(EmailSettingsDocument), stream.AggregateType);

        var document = await session.LoadAsync<EmailSettingsDocument>(tenant);
        Assert.Equal(written.Document, document);
        Assert.Equal(3, document!.Version);
        Assert.Equal(Actor, document.UpdatedBy);

        Assert.Equal(0, await session.Query<EmailSettingsVersion>().CountAsync()); // only every 16th version is stored
        var versions = await EmailSettingsVersion.ReadAsync(session, tenant, 2, 4, CancellationToken.None);
        Assert.Equal([2L, 3L], versions.Select(v => v.Version));
        Assert.Equal("Biuro", versions[0].Settings.SenderName);
        Assert.Equal(new EmailSettingsVersion("3", 3, nameof(SenderNameChanged), before, Actor, Correlation, null, document.Settings), versions[1]);
    }

    [Fact]
    public async Task the_rows_are_the_rows_marten_writes_for_the_same_commands()
    {
        var (ours, marten) = (NewTenant(), NewTenant());
        var at = DateTimeOffset.UtcNow;
        object[] First(string tenant) => [new PrimaryEmailSet(tenant, "biuro@acme.pl", at)];
        object[] Second(string tenant) => [new SenderNameChanged(tenant, "Biuro", at), new SettingsRolledBack(tenant, 1, EmailSettings.Evolve(null, First(tenant)[0])!, "back", at)];

        object[] Third(string tenant) => [.. Enumerable.Range(4, 14).Select(v => new SenderNameChanged(tenant, $"Biuro {v}", at))]; // up to 17: 16 is stored
        object[] Fourth(string tenant) => [new SenderNameChanged(tenant, "Biuro 18", at)]; // one event appended: the statement of scalar parameters

        var writer = Writer();
        await writer.WriteAsync(ours, null, Set(First(ours)), CancellationToken.None);
        await writer.WriteAsync(ours, 1, Set(Second(ours)), CancellationToken.None);
        await writer.WriteAsync(ours, 3, Set(Third(ours)), CancellationToken.None);
        await writer.WriteAsync(ours, 17, Set(Fourth(ours)), CancellationToken.None);
        var one = await WriteAsMartenAsync(marten, null, First(marten));
        var three = await WriteAsMartenAsync(marten, one, Second(marten));
        var seventeen = await WriteAsMartenAsync(marten, three, Third(marten));
        await WriteAsMartenAsync(marten, seventeen, Fourth(marten));

        foreach (var (table, order) in new[] { ("mt_streams", "id"), ("mt_events", "version"), ("mt_doc_emailsettingsdocument", "id"), ("mt_doc_emailsettingsversion", "id") })
        {
            var (ourRows, martenRows) = (await RowsAsync(table, order, ours), await RowsAsync(table, order, marten));
            Assert.Equal(table == "mt_events" ? 18 : 1, ourRows.Count);
            Assert.Equal(martenRows.Count, ourRows.Count);
            for (var i = 0; i < ourRows.Count; i++)
            {
                Assert.Equal(Comparable(martenRows[i], marten), Comparable(ourRows[i], ours));
            }
        }

        // The columns that differ by nature (times, generated ids) relate to each other as Marten's do.
        foreach (var tenant in new[] { ours, marten })
        {
            await using var session = Factory.Store.QuerySession(tenant);
            var state = await session.Events.FetchStreamStateAsync(tenant);
            var events = await session.Events.FetchStreamAsync(tenant);
            var metadata = await session.MetadataForAsync((await session.LoadAsync<EmailSettingsDocument>(tenant))!);
            Assert.Equal(state!.LastTimestamp, metadata!.LastModified);
            Assert.All(events, e => Assert.True(e.Timestamp <= state.LastTimestamp));
        }
    }

    [Fact]
    public async Task of_two_writers_at_the_same_version_one_commits_and_postgresql_refuses_the_other_which_writes_nothing()
    {
        var tenant = NewTenant();
        var (a, b) = (Writer(), Writer());
        await a.WriteAsync(tenant, null, Set(new PrimaryEmailSet(tenant, "biuro@acme.pl", DateTimeOffset.UtcNow)), CancellationToken.None);
        await b.WriteAsync(tenant, 1, (_, _) => [], CancellationToken.None); // B reads version 1 and caches it
        var meeting = new Meeting(2);

        var writes = new[] { a, b }.Select((writer, i) => Attempt(() => writer.WriteAsync(
            tenant, 1, Set(new SenderNameChanged(tenant, $"From {i}", DateTimeOffset.UtcNow)), CancellationToken.None, meeting.Effect))).ToList();
        var outcomes = await Task.WhenAll(writes);

        Assert.Equal(2, meeting.Arrived); // both decided on version 1 and sent their statement
        var won = Assert.Single(outcomes, o => o.Written is not null).Written!;
        Assert.IsType<VersionMismatchException>(Assert.Single(outcomes, o => o.Error is not null).Error);
        Assert.Equal(2, won.Document.Version);
        await AssertStoredAsync(tenant, version: 2, won.Document.Settings.SenderName);
        Assert.NotNull(won.Document.Settings.SenderName);
    }

    [Fact]
    public async Task of_two_writers_starting_the_same_settings_one_starts_the_stream_and_the_other_decides_again_on_it()
    {
        var tenant = NewTenant();
        var (a, b) = (Writer(), Writer());
        var meeting = new Meeting(2);

        var outcomes = await Task.WhenAll(new[] { (Writer: a, Email: "first@acme.pl"), (Writer: b, Email: "second@acme.pl") }.Select(w => Attempt(() => w.Writer.WriteAsync(
            tenant, null, (current, now) => current?.PrimaryEmail == w.Email ? [] : [new PrimaryEmailSet(tenant, w.Email, now)], CancellationToken.None, meeting.Effect))));

        Assert.All(outcomes, o => Assert.Null(o.Error));
        Assert.Equal(3, meeting.Arrived); // both met before writing; the refused one decided again on version 1
        Assert.Equal([1L, 2L], outcomes.Select(o => o.Written!.Document.Version).Order());
        Assert.Equal([true, false], outcomes.OrderBy(o => o.Written!.Document.Version).Select(o => o.Written!.Created));
        var last = outcomes.Single(o => o.Written!.Document.Version == 2).Written!;
        await AssertStoredAsync(tenant, version: 2, last.Document.Settings.SenderName);
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        await using var streams = new NpgsqlCommand($"select count(*) from {Factory.Schema}.mt_streams where tenant_id = $1", connection) { Parameters = { new() { Value = tenant } } };
        Assert.Equal(1L, await streams.ExecuteScalarAsync());
    }

    [Fact]
    public async Task an_erasure_refused_because_the_stream_moved_on_keeps_the_data_key_and_one_made_on_the_current_version_destroys_it()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);
        var node = Writer();
        await node.WriteAsync(tenant, 3, (_, _) => [], CancellationToken.None); // this node caches version 3
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "Elsewhere" })).Status);
        var erase = new SettingsEffect(ErasesDataKey: true);
        Func<EmailSettings, DateTimeOffset, IReadOnlyList<object>> decide = (current, now) => EmailSettingsDecider.EraseSmtpPassword(current, "leaked", now);

        // Decided on the cached version 3; PostgreSQL refuses the append (the stream is at 4), and with it the delete.
        await Assert.ThrowsAsync<VersionMismatchException>(() => node.ChangeAsync(tenant, 3, decide, CancellationToken.None, erase));

        Assert.True(await DataKeyExistsAsync(tenant));
        await AssertStoredAsync(tenant, version: 4, "Elsewhere");

        var erased = await node.ChangeAsync(tenant, 4, decide, CancellationToken.None, erase);

        Assert.Equal(5, erased.Document.Version);
        Assert.False(await DataKeyExistsAsync(tenant));
    }

    private SettingsWriter Writer() => new(Factory.Store, new SettingsCache(), new FixedActor(Actor, Correlation), TimeProvider.System);

    private static Func<EmailSettings?, DateTimeOffset, IReadOnlyList<object>> Set(params object[] events) => (_, _) => events;

    private static async Task<(SettingsWritten? Written, Exception? Error)> Attempt(Func<Task<SettingsWritten>> write)
    {
        try
        {
            return (await write(), null);
        }
        catch (Exception e)
        {
            return (null, e);
        }
    }

    /// <summary>What the writer did before our own SQL: Marten's session, appending and storing in one commit.</summary>
    private async Task<EmailSettingsDocument> WriteAsMartenAsync(string tenant, EmailSettingsDocument? current, object[] events)
    {
        await using var session = Factory.Store.LightweightSession(tenant);
        session.CorrelationId = Correlation;
        session.LastModifiedBy = Actor;
        var next = current;
        foreach (var @event in events)
        {
            next = EmailSettingsDocument.Of(EmailSettings.Evolve(next?.Settings, @event)!, (next?.Version ?? 0) + 1, @event, Actor);
            if (EmailSettingsVersion.IsStored(next.Version))
            {
                session.Store(EmailSettingsVersion.Of(next, @event, Correlation));
            }
        }

        session.Store(next!);
        if (current is null)
        {
            session.Events.StartStream<EmailSettingsDocument>(tenant, events);
        }
        else
        {
            session.Events.Append(tenant, next!.Version, events);
        }

        await session.SaveChangesAsync();
        return next!;
    }

    private async Task<List<JsonObject>> RowsAsync(string table, string order, string tenant)
    {
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select to_jsonb(t)::text from {Factory.Schema}.{table} t where tenant_id = $1 order by {order}", connection)
        {
            Parameters = { new() { Value = tenant } },
        };
        var rows = new List<JsonObject>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(JsonNode.Parse(reader.GetString(0))!.AsObject());
        }

        return rows;
    }

    /// <summary>A row without what differs by nature (generated ids and sequence numbers, times), its tenant id replaced.</summary>
    private static string Comparable(JsonObject row, string tenant)
    {
        foreach (var column in new[] { "seq_id", "mt_version", "timestamp", "created", "mt_last_modified" })
        {
            row.Remove(column);
        }

        if (row.ContainsKey("stream_id"))
        {
            row.Remove("id"); // an event's own id
        }

        return row.ToJsonString().Replace(tenant, "<tenant>", StringComparison.Ordinal);
    }

    private async Task AssertStoredAsync(string tenant, long version, string? senderName)
    {
        await using var session = Factory.Store.QuerySession(tenant);
        var events = await session.Events.FetchStreamAsync(tenant);
        Assert.Equal(Enumerable.Range(1, (int)version).Select(v => (long)v), events.Select(e => e.Version));
        Assert.Equal(version, (await session.Events.FetchStreamStateAsync(tenant))!.Version);
        var document = await session.LoadAsync<EmailSettingsDocument>(tenant);
        Assert.Equal(version, document!.Version);
        Assert.Equal(senderName, document.Settings.SenderName);
        Assert.Equal(version / EmailSettingsVersion.StoredEvery, await session.Query<EmailSettingsVersion>().CountAsync());
        var versions = await EmailSettingsVersion.ReadAsync(session, tenant, version, version + 1, CancellationToken.None);
        Assert.Equal(document.Settings, Assert.Single(versions).Settings);
    }

    private async Task<bool> DataKeyExistsAsync(string tenant)
    {
        await using var session = Factory.Store.QuerySession(tenant);
        return await session.LoadAsync<TenantDataKey>(TenantDataKey.SmtpPasswordKeyId) is not null;
    }

    /// <summary>Holds each writer after its decision, before its write, until all have decided: their writes race.</summary>
    private sealed class Meeting(int writers)
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public int Arrived => _arrived;

        public SettingsEffect Effect => new(BeforeAppend: async (_, cancellationToken) =>
        {
            if (Interlocked.Increment(ref _arrived) == writers)
            {
                _all.SetResult();
            }

            await _all.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        });
    }
}
