using System.Globalization;
using Desktomy.Email.Application.Common;
using Desktomy.Email.Application.Persistence;
using Desktomy.Email.Application.Settings;
using Desktomy.Email.Domain.Addresses;
using Desktomy.Email.Domain.Settings;
using JasperFx;
using Marten;

namespace Desktomy.Email.Bench;

/// <summary>
/// D1, measured beside S1 and B1 (no target of its own): S1's change of a sender name committed from the benchmark
/// process with the service's own <see cref="SettingsWriter"/> on tenants of its own. It is the PUT's decision, statement and
/// rows, prepared on a pool of its own, without HTTP, authentication, Mediator or validation. What D1 takes above B1 is
/// PostgreSQL's work on the rows a PUT writes (three rows in Marten's tables against B1's one); what S1 takes above D1
/// and B0 is the service's.
/// </summary>
internal sealed class OwnCommit : IDisposable
{
    public const string Name = "D1 the PUT's own commit: SettingsWriter from the benchmark process, no HTTP";

    private const int Tenants = 200;

    private readonly DocumentStore _store;
    private readonly SettingsWriter _writer;
    private readonly long[] _versions = new long[Tenants];

    private OwnCommit(DocumentStore store)
    {
        _store = store;
        _writer = new SettingsWriter(store, new SettingsCache(), new FixedActor("bench", "bench"), TimeProvider.System);
    }

    public static async Task<OwnCommit> StartAsync(string connectionString, string schema)
    {
        var own = new OwnCommit(DocumentStore.For(options => MartenSetup.Configure(options, connectionString, schema, AutoCreate.None)));
        for (var slot = 0; slot < Tenants; slot++)
        {
            var tenant = Tenant(slot);
            var written = await own._writer.WriteAsync(tenant, null, (_, now) => [new PrimaryEmailSet(tenant, "biuro@acme.pl", now)], CancellationToken.None);
            own._versions[slot] = written.Document.Version;
        }

        return own;
    }

    /// <summary>As S1's PUT with If-Match: the version last written to the tenant is the one expected.</summary>
    public async Task<bool> ChangeAsync(int i)
    {
        var slot = i % Tenants;
        var name = SenderName.Create($"d {i}");
        try
        {
            var written = await _writer.ChangeAsync(
                Tenant(slot), Interlocked.Read(ref _versions[slot]), (current, now) => EmailSettingsDecider.ChangeSenderName(current, name, now), CancellationToken.None);
            Interlocked.Exchange(ref _versions[slot], written.Document.Version);
            return true;
        }
        catch (VersionMismatchException)
        {
            return false;
        }
    }

    public void Dispose() => _store.Dispose();

    private static string Tenant(int slot) => string.Create(CultureInfo.InvariantCulture, $"bench-own-{slot:D3}");
}
