using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Application.Smtp;
using Desktomy.Email.Domain.Settings;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Api.Tests.History;

/// <summary>A long history is paged by primary key: its first and last pages never read the event stream.</summary>
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

        // One query, by the ids of the page's versions plus the one before and the one after it.
        foreach (var (sql, from, to) in new[] { (firstSql, 1L, 51L), (lastSql, Events - 50L, Events + 1L) })
        {
            Assert.DoesNotContain(sql, c => c.Text.Contains("mt_events", StringComparison.Ordinal));
            var query = Assert.Single(sql);
            Assert.Contains("mt_doc_emailsettingsversion", query.Text, StringComparison.Ordinal);
            var ids = Assert.Single(query.Parameters, p => p is System.Collections.IEnumerable and not string) as System.Collections.IEnumerable;
            Assert.Equal([.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(v => EmailSettingsVersion.IdOf(v))], ids!.Cast<object>().Select(id => id.ToString()));
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
