using Desktomy.Email.Domain.Settings;

namespace Desktomy.Email.Api.Tests.StoredEvents;

/// <summary>The first event of an imported tenant, as the service stored it: its source and reason, the state it starts, its history.</summary>
[Collection(StoredEventsGroup.Name)]
public sealed class SettingsImportedV1Tests(StoredEventsFactory factory)
{
    [Fact]
    public async Task a_stored_v1_settings_imported_reads_back_with_its_source_and_reason_and_starts_the_imported_state()
    {
        var stored = StoredRows.Load("v1/settings-imported");
        await stored.InsertOnceAsync(factory.Schema);
        var sealedPassword = stored.Data(1)["imported"]!["ownSmtp"]!["sealedPassword"]!.GetValue<string>();

        await using var session = factory.Store.QuerySession(stored.TenantId);
        var e = Assert.Single(await session.Events.FetchStreamAsync(stored.Id));
        var imported = Assert.IsType<SettingsImported>(e.Data);
        var state = EmailSettings.Evolve(null, imported)!;

        Assert.Equal(("gamma", "support-1", 1L), (imported.TenantId, e.UserName, e.Version));
        Assert.Equal("Go-live of 2.33", imported.Reason);
        Assert.Equal(DateTimeOffset.Parse("2023-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), imported.Source.ChangedAt);
        Assert.Equal("jan.kowalski", imported.Source.ChangedBy);
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T08:45:07.464714+00:00", System.Globalization.CultureInfo.InvariantCulture), imported.OccurredAt);
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["tenantId"] = "gamma", ["primaryEmail"] = "biuro@gamma.pl", ["senderName"] = "Biuro Gamma", ["ownSmtp.enabled"] = "True",
                ["ownSmtp.senderEmail"] = "poczta@gamma.pl", ["ownSmtp.host"] = "smtp.gamma.pl", ["ownSmtp.port"] = "465", ["ownSmtp.security"] = "SslOnConnect",
                ["ownSmtp.username"] = "poczta@gamma.pl", ["ownSmtp.sealedPassword"] = sealedPassword, ["ownSmtp.advanced.heloName"] = "app.gamma.pl",
                ["ownSmtp.advanced.timeoutSeconds"] = "30", ["ownSmtp.advanced.verifyCertificate"] = "True", ["ownSmtp.advanced.authMechanism"] = "Login",
            },
            SettingsFields.Of(state));
        Assert.Equal(
            ["primaryEmail", "senderName", "ownSmtp.enabled", "ownSmtp.senderEmail", "ownSmtp.host", "ownSmtp.port", "ownSmtp.security", "ownSmtp.username",
             "password", "ownSmtp.advanced.heloName", "ownSmtp.advanced.timeoutSeconds", "ownSmtp.advanced.verifyCertificate", "ownSmtp.advanced.authMechanism"],
            FieldChange.Between(null, state).Select(c => c.Field));
    }
}
