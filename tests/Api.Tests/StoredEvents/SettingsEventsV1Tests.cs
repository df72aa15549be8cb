using Desktomy.Email.Domain.Settings;
using JasperFx.Events;

namespace Desktomy.Email.Api.Tests.StoredEvents;

/// <summary>
/// The settings events of version 1, as the service stored them, read through the service's own store setup: each
/// deserialises into its type, and the stream folds to the state, and the history, it was written for.
/// </summary>
[Collection(StoredEventsGroup.Name)]
public sealed class SettingsEventsV1Tests(StoredEventsFactory factory)
{
    private const string ImplicitPort = "39193";
    private const string StartTlsPort = "39997";

    [Fact]
    public async Task every_stored_v1_settings_event_reads_back_into_its_type_with_its_metadata()
    {
        var stored = await InsertedAsync();

        var events = await ReadAsync(stored);

        Assert.Equal(
            ["PrimaryEmailSet", "SenderNameChanged", "OwnSmtpEnabled", "OwnSmtpUpdated", "OwnSmtpDisabled", "SettingsRolledBack", "SmtpPasswordErased"],
            events.Select(e => e.Data.GetType().Name));
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], events.Select(e => e.Version));
        Assert.Equal(["admin-of-acme", "admin-of-acme", "admin-of-acme", "admin-of-acme", "admin-of-acme", "support-1", "support-1"], events.Select(e => e.UserName));
        Assert.Equal(stored.Events.Select(row => row["correlation_id"]!.GetValue<string>()), events.Select(e => e.CorrelationId));
        Assert.All(events, e => Assert.Equal("acme", ((ISettingsEvent)e.Data).TenantId));
        Assert.Equal(
            stored.Events.Select(row => DateTimeOffset.Parse(row["data"]!["occurredAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)),
            events.Select(e => ((ISettingsEvent)e.Data).OccurredAt));

        var rolledBack = (SettingsRolledBack)events[5].Data;
        Assert.Equal(3, rolledBack.ToVersion);
        Assert.Equal("Ticket 42: back to the implicit TLS server", rolledBack.Reason);
        Assert.Equal("GDPR request 7", ((SmtpPasswordErased)events[6].Data).Reason);
    }

    [Fact]
    public async Task the_stored_v1_settings_stream_folds_to_the_state_of_every_version()
    {
        var stored = await InsertedAsync();
        var sealedPassword = stored.Data(3)["smtp"]!["sealedPassword"]!.GetValue<string>();

        var states = Fold(await ReadAsync(stored));

        var general = new Dictionary<string, string?> { ["tenantId"] = "acme", ["primaryEmail"] = "biuro@acme.pl", ["senderName"] = null, ["ownSmtp.enabled"] = "False" };
        Assert.Equal(general, SettingsFields.Of(states[0]));
        Assert.Equal(general.With(("senderName", "Biuro Acme")), SettingsFields.Of(states[1]));

        var implicitTls = general.With(
            ("senderName", "Biuro Acme"), ("ownSmtp.enabled", "True"), ("ownSmtp.senderEmail", "poczta@acme.pl"), ("ownSmtp.host", "127.0.0.1"),
            ("ownSmtp.port", ImplicitPort), ("ownSmtp.security", "SslOnConnect"), ("ownSmtp.username", "poczta@acme.pl"), ("ownSmtp.sealedPassword", sealedPassword),
            ("ownSmtp.advanced.heloName", "app.acme.pl"), ("ownSmtp.advanced.timeoutSeconds", "5"), ("ownSmtp.advanced.verifyCertificate", "False"),
            ("ownSmtp.advanced.authMechanism", "Auto"));
        Assert.Equal(implicitTls, SettingsFields.Of(states[2]));

        var startTls = implicitTls.With(
            ("ownSmtp.port", StartTlsPort), ("ownSmtp.security", "StartTls"), ("ownSmtp.advanced.timeoutSeconds", "20"), ("ownSmtp.advanced.authMechanism", "Login"));
        Assert.Equal(startTls, SettingsFields.Of(states[3]));
        Assert.Equal(startTls.With(("ownSmtp.enabled", "False")), SettingsFields.Of(states[4]));
        Assert.Equal(implicitTls, SettingsFields.Of(states[5]));
        Assert.Equal(implicitTls.With(("ownSmtp.sealedPassword", null)), SettingsFields.Of(states[6]));
    }

    [Fact]
    public async Task the_stored_v1_settings_stream_gives_the_history_it_was_written_with()
    {
        var stored = await InsertedAsync();

        var states = Fold(await ReadAsync(stored));
        var changes = states.Select((state, i) => FieldChange.Between(i == 0 ? null : states[i - 1], state)).ToList();

        Assert.Equal([("primaryEmail", null, "biuro@acme.pl", false)], Tuples(changes[0]));
        Assert.Equal([("senderName", null, "Biuro Acme", false)], Tuples(changes[1]));
        Assert.Equal(
            [
                ("ownSmtp.enabled", "False", "True", false), ("ownSmtp.senderEmail", null, "poczta@acme.pl", false), ("ownSmtp.host", null, "127.0.0.1", false),
                ("ownSmtp.port", null, ImplicitPort, false), ("ownSmtp.security", null, "SslOnConnect", false), ("ownSmtp.username", null, "poczta@acme.pl", false),
                ("password", null, null, true), ("ownSmtp.advanced.heloName", null, "app.acme.pl", false), ("ownSmtp.advanced.timeoutSeconds", null, "5", false),
                ("ownSmtp.advanced.verifyCertificate", null, "False", false), ("ownSmtp.advanced.authMechanism", null, "Auto", false),
            ],
            Tuples(changes[2]));
        Assert.Equal(
            [
                ("ownSmtp.port", ImplicitPort, StartTlsPort, false), ("ownSmtp.security", "SslOnConnect", "StartTls", false),
                ("ownSmtp.advanced.timeoutSeconds", "5", "20", false), ("ownSmtp.advanced.authMechanism", "Auto", "Login", false),
            ],
            Tuples(changes[3]));
        Assert.Equal([("ownSmtp.enabled", "True", "False", false)], Tuples(changes[4]));
        Assert.Equal(
            [
                ("ownSmtp.enabled", "False", "True", false), ("ownSmtp.port", StartTlsPort, ImplicitPort, false), ("ownSmtp.security", "StartTls", "SslOnConnect", false),
                ("ownSmtp.advanced.timeoutSeconds", "20", "5", false), ("ownSmtp.advanced.authMechanism", "Login", "Auto", false),
            ],
            Tuples(changes[5]));
        Assert.Equal([("password", null, null, true)], Tuples(changes[6]));
    }

    private async Task<StoredRows> InsertedAsync()
    {
        var stored = StoredRows.Load("v1/settings");
        await stored.InsertOnceAsync(factory.Schema);
        return stored;
    }

    private async Task<IReadOnlyList<IEvent>> ReadAsync(StoredRows stored)
    {
        await using var session = factory.Store.QuerySession(stored.TenantId);
        return await session.Events.FetchStreamAsync(stored.Id);
    }

    private static List<EmailSettings> Fold(IReadOnlyList<IEvent> events)
    {
        var states = new List<EmailSettings>();
        EmailSettings? state = null;
        foreach (var e in events)
        {
            state = EmailSettings.Evolve(state, e.Data);
            states.Add(state ?? throw new InvalidOperationException($"{e.Data.GetType().Name} at version {e.Version} folded to no settings."));
        }

        return states;
    }

    private static List<(string Field, string? From, string? To, bool Secret)> Tuples(IReadOnlyList<FieldChange> changes) =>
        changes.Select(c => (c.Field, SettingsFields.Text(c.From), SettingsFields.Text(c.To), c.Secret)).ToList();
}
