using System.Globalization;
using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Domain.Settings;
using Marten;
using Npgsql;

namespace Desktomy.Email.Api.Tests.History;

/// <summary>
/// Every 16th version is stored with its events; a read folds the others onto the stored version below them
/// (decision 16). Whichever stored version a read starts from, each version reads as the writer decided it, and a
/// database written when every version was stored reads the same, at every version and every instant.
/// </summary>
public sealed class StoredVersionsTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task each_version_reads_as_the_writer_decided_it_from_any_stored_version_below_it()
    {
        var tenant = NewTenant();
        var decided = new Dictionary<long, (EmailSettingsDocument Document, string Correlation)>();
        for (var command = 1; command <= 35; command++)
        {
            // Single changes, one command of six (versions 20-25), several actors: 40 versions.
            var correlation = $"correlation {command}";
            var writer = Writer($"actor {command % 3}", correlation);
            var events = command == 20 ? 6 : 1;
            var written = await writer.WriteAsync(tenant, null, (current, now) => current is null
                ? [new PrimaryEmailSet(tenant, "biuro@acme.pl", now)]
                : [.. Enumerable.Range(0, events).Select(i => new SenderNameChanged(tenant, $"Biuro {command}.{i}", now))], CancellationToken.None);
            decided[written.Document.Version] = (written.Document, correlation);
        }

        await using var session = Factory.Store.QuerySession(tenant);
        Assert.Equal([16L, 32L], (await session.Query<EmailSettingsVersion>().ToListAsync()).Select(v => v.Version).Order());

        var all = await EmailSettingsVersion.ReadAsync(session, tenant, 1, 41, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 40).Select(v => (long)v), all.Select(v => v.Version));
        foreach (var version in all)
        {
            // The same version whether the read starts at it (folded from the stored one below it) or at version 1.
            Assert.Equal(version, Assert.Single(await EmailSettingsVersion.ReadAsync(session, tenant, version.Version, version.Version, CancellationToken.None)));
            Assert.Equal(version, (await EmailSettingsVersion.ReadAsync(session, tenant, version.Version - 3, version.Version + 2, CancellationToken.None))
                .Single(v => v.Version == version.Version));
            if (decided.TryGetValue(version.Version, out var writer))
            {
                Assert.Equal(writer.Document, version.AsDocument());
                Assert.Equal(writer.Correlation, version.CorrelationId);
                Assert.Equal(version.Version == 1 ? nameof(PrimaryEmailSet) : nameof(SenderNameChanged), version.Event);
            }
        }
    }

    [Fact]
    public async Task a_read_folds_from_the_stored_version_below_and_takes_a_stored_version_as_stored()
    {
        var tenant = NewTenant();
        var writer = Writer();
        await writer.WriteAsync(tenant, null, (_, now) =>
            [new PrimaryEmailSet(tenant, "biuro@acme.pl", now), .. Enumerable.Range(2, 16).Select(v => new PrimaryEmailSet(tenant, $"biuro{v}@acme.pl", now))], CancellationToken.None);

        // Version 16 as stored says something no event says: what is read after it must come from it.
        await using (var write = Factory.Store.LightweightSession(tenant))
        {
            var stored = (await write.LoadAsync<EmailSettingsVersion>(EmailSettingsVersion.IdOf(16)))!;
            write.Store(stored with { Reason = "as stored", Settings = stored.Settings with { SenderName = "Stored" } });
            await write.SaveChangesAsync();
        }

        await using var session = Factory.Store.QuerySession(tenant);
        var versions = await EmailSettingsVersion.ReadAsync(session, tenant, 15, 17, CancellationToken.None);
        Assert.Equal([null, "Stored", "Stored"], versions.Select(v => v.Settings.SenderName));
        Assert.Equal("as stored", versions[1].Reason);
        Assert.Equal("biuro17@acme.pl", versions[2].Settings.PrimaryEmail);
    }

    [Fact]
    public async Task a_history_without_its_16th_version_stored_reads_the_same_folded_from_the_start()
    {
        var tenant = NewTenant();
        var writer = Writer();
        await writer.WriteAsync(tenant, null, (_, now) =>
            [new PrimaryEmailSet(tenant, "biuro@acme.pl", now), .. Enumerable.Range(2, 19).Select(v => new SenderNameChanged(tenant, $"Biuro {v}", now))], CancellationToken.None);
        await using var session = Factory.Store.QuerySession(tenant);
        var before = await EmailSettingsVersion.ReadAsync(session, tenant, 17, 20, CancellationToken.None);

        await using (var connection = new NpgsqlConnection(ApiFactory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand($"delete from {Factory.Schema}.mt_doc_emailsettingsversion where tenant_id = $1", connection) { Parameters = { new() { Value = tenant } } };
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        Assert.Equal(before, await EmailSettingsVersion.ReadAsync(session, tenant, 17, 20, CancellationToken.None));
        Assert.Equal(["Biuro 17", "Biuro 18", "Biuro 19", "Biuro 20"], before.Select(v => v.Settings.SenderName));
    }

    [Fact]
    public async Task a_history_written_when_every_version_was_stored_reads_the_same_at_each_version_and_instant()
    {
        var tenant = NewTenant();
        var writer = Writer();
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        for (var version = 1; version <= 20; version++)
        {
            var at = start.AddSeconds(version);
            await writer.WriteAsync(tenant, null, (current, _) => [current is null ? new PrimaryEmailSet(tenant, "biuro@acme.pl", at) : new SenderNameChanged(tenant, $"Biuro {version}", at)], CancellationToken.None);
        }

        // As the writer left versions 1-10 before decision 16: each one stored, its event stamped a moment after it.
        IReadOnlyList<EmailSettingsVersion> old;
        await using (var write = Factory.Store.LightweightSession(tenant))
        {
            old = await EmailSettingsVersion.ReadAsync(write, tenant, 1, 10, CancellationToken.None);
            write.Store([.. old]);
            await write.SaveChangesAsync();
        }

        await using (var connection = new NpgsqlConnection(ApiFactory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var late = new NpgsqlCommand($"update {Factory.Schema}.mt_events set timestamp = timestamp + interval '2 ms' where tenant_id = $1 and version <= 10", connection)
            {
                Parameters = { new() { Value = tenant } },
            };
            Assert.Equal(10, await late.ExecuteNonQueryAsync());
        }

        await using var session = Factory.Store.QuerySession(tenant);
        Assert.Equal(11, await session.Query<EmailSettingsVersion>().CountAsync()); // 1-10, and 16
        var versions = await EmailSettingsVersion.ReadAsync(session, tenant, 1, 20, CancellationToken.None);
        Assert.Equal(old, versions.Take(10));
        Assert.Equal(old, await session.LoadManyAsync<EmailSettingsVersion>([.. old.Select(v => v.Id)]));
        Assert.Equal("Biuro 20", versions[^1].Settings.SenderName);

        var auditor = As(Identity.Auditor);
        foreach (var version in new[] { 1, 9, 10, 11, 16, 20 })
        {
            var at = start.AddSeconds(version);
            var exactly = await auditor.GetAsync($"{Settings(tenant)}?asOf={Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture))}");
            Assert.Equal(version, exactly.Version);
            var before = await auditor.GetAsync($"{Settings(tenant)}?asOf={Uri.EscapeDataString(at.AddTicks(-10).ToString("O", CultureInfo.InvariantCulture))}");
            Assert.Equal(version == 1 ? 404 : 200, before.Status);
            if (version > 1)
            {
                Assert.Equal(version - 1, before.Version);
            }
        }
    }

    private SettingsWriter Writer(string actor = "actor", string correlation = "correlation") =>
        new(Factory.Store, new SettingsCache(), new FixedActor(actor, correlation), TimeProvider.System);
}
