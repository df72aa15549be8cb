using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Domain.Settings;

namespace Desktomy.Email.Api.Tests.Settings;

/// <summary>
/// Two writers with their own <see cref="SettingsCache"/> are two nodes: each decides on the document it last saw,
/// and PostgreSQL's version check turns a stale one into a re-read (or a 412), never into a lost or doubled change.
/// </summary>
public sealed class SettingsWriterNodesTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task a_node_with_a_stale_cache_rereads_and_keeps_the_other_nodes_change()
    {
        var tenant = NewTenant();
        var (a, b) = (Writer("node-a"), Writer("node-b"));
        await a.WriteAsync(tenant, null, Set(new PrimaryEmailSet(tenant, "biuro@acme.pl", DateTimeOffset.UtcNow)), CancellationToken.None);
        await b.WriteAsync(tenant, null, Set(new SenderNameChanged(tenant, "From B", DateTimeOffset.UtcNow)), CancellationToken.None);

        // A still holds version 1; its append at version 2 is refused, it reads version 2 and appends version 3.
        var change = await a.WriteAsync(tenant, null, NameUnlessSet("From A"), CancellationToken.None);

        Assert.Equal(3, change.Document.Version);
        Assert.Equal(3, await EventCountAsync(tenant));
        await using var session = Factory.Store.QuerySession(tenant);
        var stored = await session.LoadAsync<EmailSettingsDocument>(tenant);
        Assert.Equal(3, stored!.Version);
        Assert.Equal("From A", stored.Settings.SenderName);
    }

    [Fact]
    public async Task an_if_match_at_the_stale_cached_version_is_a_mismatch_and_appends_nothing()
    {
        var tenant = NewTenant();
        var (a, b) = (Writer("node-a"), Writer("node-b"));
        await a.WriteAsync(tenant, null, Set(new PrimaryEmailSet(tenant, "biuro@acme.pl", DateTimeOffset.UtcNow)), CancellationToken.None);
        await b.WriteAsync(tenant, 1, Set(new SenderNameChanged(tenant, "From B", DateTimeOffset.UtcNow)), CancellationToken.None);

        await Assert.ThrowsAsync<VersionMismatchException>(() => a.WriteAsync(tenant, 1, NameUnlessSet("From A"), CancellationToken.None));
        Assert.Equal(2, await EventCountAsync(tenant));

        // With the version it now knows, A's change goes through.
        var change = await a.WriteAsync(tenant, 2, NameUnlessSet("From A"), CancellationToken.None);
        Assert.Equal(3, change.Document.Version);
    }

    [Fact]
    public async Task nothing_to_change_on_a_stale_copy_is_checked_and_the_change_is_made()
    {
        var tenant = NewTenant();
        var (a, b) = (Writer("node-a"), Writer("node-b"));
        await a.WriteAsync(tenant, null, Set(new PrimaryEmailSet(tenant, "biuro@acme.pl", DateTimeOffset.UtcNow)), CancellationToken.None);
        await a.WriteAsync(tenant, null, NameUnlessSet("Acme"), CancellationToken.None);
        await b.WriteAsync(tenant, null, NameUnlessSet("Other"), CancellationToken.None);

        // On A's copy (version 2) the name is already "Acme"; the stored settings (version 3) say "Other".
        var change = await a.WriteAsync(tenant, null, NameUnlessSet("Acme"), CancellationToken.None);

        Assert.Equal(4, change.Document.Version);
        Assert.Equal("Acme", change.Document.Settings.SenderName);
        Assert.Equal(4, await EventCountAsync(tenant));
    }

    private SettingsWriter Writer(string node) =>
        new(Factory.Store, new SettingsCache(), new FixedActor(node, "settings-writer-nodes-test"), TimeProvider.System);

    private static Func<EmailSettings?, DateTimeOffset, IReadOnlyList<object>> Set(object @event) => (_, _) => [@event];

    /// <summary>Decides on the state it is given, as a real command does: nothing to do when the name is already set.</summary>
    private static Func<EmailSettings?, DateTimeOffset, IReadOnlyList<object>> NameUnlessSet(string name) => (current, now) =>
        current?.SenderName == name ? [] : [new SenderNameChanged(current!.TenantId, name, now)];
}
