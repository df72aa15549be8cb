using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Settings;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Api.Tests.History;

/// <summary>A long history is paged by primary key and stream range: its first and last pages read only their own versions' rows.</summary>
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

        // Two reads, neither of the whole stream: the page's versions and the stored one before them (every 16th is
        // stored) by id, and the events from that stored version to the page's end, folded onto it.
        foreach (var (sql, from, to) in new[] { (firstSql, 1L, 51L), (lastSql, Events - 64L, Events + 1L) })
        {
            Assert.Equal(2, sql.Count);
            var versions = Assert.Single(sql, c => c.Text.Contains("mt_doc_emailsettingsversion", StringComparison.Ordinal));
            var ids = Assert.Single(versions.Parameters, p => p is System.Collections.IEnumerable and not string) as System.Collections.IEnumerable;
            Assert.Equal([.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(v => EmailSettingsVersion.IdOf(v))], ids!.Cast<object>().Select(id => id.ToString()));
            var events = Assert.Single(sql, c => c.Text.Contains("mt_events", StringComparison.Ordinal));
            Assert.Equal([from == 1 ? 1 : from + 1, to], events.Parameters.OfType<long>().Order());
        }
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
