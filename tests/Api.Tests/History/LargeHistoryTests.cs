using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Settings;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Api.Tests.History;

/// <summary>A long history is paged by primary key and stream range: its first and last pages, and a version or page beyond its end, read only their own versions' rows.</summary>
public sealed class LargeHistoryTests(ApiFactory factory) : ApiTest(factory)
{
    private const int Events = 10_000;

    [Fact]
    public async Task first_and_last_pages_of_10000_events_read_only_their_own_range()
    {
        var tenant = NewTenant();
        await AppendHistoryAsync(tenant);
        var auditor = As(Identity.Auditor);

        Factory.Sql.Clear();
        var first = await auditor.GetAsync($"{Settings(tenant)}/history?limit=50");
        var firstSql = Factory.Sql.Commands;
        Factory.Sql.Clear();
        var last = await auditor.GetAsync($"{Settings(tenant)}/history?afterVersion={Events - 50}&limit=50");
        var lastSql = Factory.Sql.Commands;

        Assert.Equal(50, first.Json["items"]!.AsArray().Count);
        Assert.Equal(50, first.Json["nextAfterVersion"]!.GetValue<long>());
        Assert.Equal(Events, last.Json["items"]![49]!["version"]!.GetValue<long>());
        Assert.Null(last.Json["nextAfterVersion"]);

        // One round trip, none of it over the whole stream: each stored version from the one before the page to its
        // end by its primary key (every 16th is stored), and the events from that stored version to the page's end.
        foreach (var (sql, stored, from, to) in new[] { (firstSql, new long[] { 16, 32, 48 }, 1L, 51L), (lastSql, [Events - 64L, Events - 48L, Events - 32L, Events - 16L, Events], Events - 63L, Events + 1L) })
        {
            var texts = string.Join("\n", sql.Select(c => c.Text));
            var lookups = sql.Where(c => c.Text.Contains("mt_doc_emailsettingsversion", StringComparison.Ordinal)).ToList();
            Assert.True(lookups.All(c => c.Parameters.Length == 2 && c.Parameters.All(p => p is string)), texts);
            Assert.Equal([.. stored.Select(EmailSettingsVersion.IdOf)], lookups.Select(c => c.Parameters.Single(p => (string)p! != tenant)));
            var events = Assert.Single(sql, c => c.Text.Contains("mt_events", StringComparison.Ordinal));
            Assert.Equal([from, to], events.Parameters.OfType<long>().Order());
            Assert.Equal(lookups.Count + 1, sql.Count);
        }

        // Beyond the end: nothing stored there and no events after it, so nothing of the stream before it is read.
        Factory.Sql.Clear();
        Assert.Equal(400, (await auditor.GetAsync($"{Settings(tenant)}?version=1000000")).Status);
        Assert.Empty((await auditor.GetAsync($"{Settings(tenant)}/history?afterVersion=2000000&limit=50")).Json["items"]!.AsArray());
        var reads = Factory.Sql.Commands.Where(c => c.Text.Contains("mt_events", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, reads.Count);
        Assert.All(reads, c => Assert.Equal(2, c.Parameters.OfType<long>().Count(v => v > 999_000))); // from and to, both beyond the end
    }

    private async Task AppendHistoryAsync(string tenant)
    {
        var writer = new SettingsWriter(Factory.Store, new SettingsCache(), new FixedActor("bulk-loader", "large-history-test"), TimeProvider.System);
        await writer.WriteAsync(tenant, null, (_, now) =>
        {
            var events = new List<object>(Events) { new PrimaryEmailSet(tenant, "biuro@acme.pl", now) };
            events.AddRange(Enumerable.Range(2, Events - 1).Select(i => new SenderNameChanged(tenant, $"Name {i}", now)));
            return events;
        }, CancellationToken.None);
        Assert.Equal(Events, await EventCountAsync(tenant));
    }
}
