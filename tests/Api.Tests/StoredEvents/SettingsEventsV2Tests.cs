using Desktomy.Email.Domain.Settings;
using Desktomy.Email.Domain.Smtp;
using JasperFx.Events;

namespace Desktomy.Email.Api.Tests.StoredEvents;

/// <summary>
/// Version 2 of the own-SMTP events, with OAuth 2.0 (decision 9): an OwnSmtpEnabled for Microsoft 365 and an
/// OwnSmtpUpdated to a generic provider, as the service stored them, read back and folded field by field.
/// </summary>
[Collection(StoredEventsGroup.Name)]
public sealed class SettingsEventsV2Tests(StoredEventsFactory factory)
{
    [Fact]
    public async Task the_stored_v2_oauth2_events_read_back_into_their_types()
    {
        var stored = await InsertedAsync();

        var events = await ReadAsync(stored);

        Assert.Equal(["PrimaryEmailSet", "OwnSmtpEnabled", "OwnSmtpUpdated"], events.Select(e => e.Data.GetType().Name));
        Assert.All(events, e => Assert.Equal("acme-oauth", ((ISettingsEvent)e.Data).TenantId));
        var enabled = ((OwnSmtpEnabled)events[1].Data).Smtp;
        Assert.Null(enabled.SealedPassword);
        Assert.Equal(SmtpAuthMechanism.OAuth2, enabled.Advanced.AuthMechanism);
        Assert.Equal(
            new OwnSmtpOAuth2(OAuth2Provider.Microsoft365, "4f1c2d3e-0000-4000-8000-00000000abcd", "6a7b8c9d-1111-4222-8333-444455556666", null, null, null, SealedSecret(stored, 2)),
            enabled.OAuth2);
        var updated = ((OwnSmtpUpdated)events[2].Data).Smtp;
        Assert.Equal(
            new OwnSmtpOAuth2(OAuth2Provider.Generic, null, "desktomy-relay", null, stored.Data(3)["smtp"]!["oAuth2"]!["tokenEndpoint"]!.GetValue<string>(), "smtp.send", SealedSecret(stored, 3)),
            updated.OAuth2);
    }

    /// <summary>The same client secret was typed for the new client: its ciphertext was kept, so it is no change.</summary>
    [Fact]
    public async Task the_stored_v2_stream_folds_to_its_states_and_history()
    {
        var stored = await InsertedAsync();

        var states = new List<EmailSettings>();
        EmailSettings? state = null;
        foreach (var e in await ReadAsync(stored))
        {
            state = EmailSettings.Evolve(state, e.Data)!;
            states.Add(state);
        }

        Assert.True(states[1].OwnSmtpEnabled);
        Assert.Equal(OAuth2Provider.Microsoft365, states[1].OwnSmtp!.OAuth2!.Provider);
        Assert.Equal(OAuth2Provider.Generic, states[2].OwnSmtp!.OAuth2!.Provider);
        Assert.Equal(
            [
                ("ownSmtp.oauth2.provider", "Microsoft365", "Generic", false),
                ("ownSmtp.oauth2.directoryId", "4f1c2d3e-0000-4000-8000-00000000abcd", null, false),
                ("ownSmtp.oauth2.clientId", "6a7b8c9d-1111-4222-8333-444455556666", "desktomy-relay", false),
                ("ownSmtp.oauth2.tokenEndpoint", null, states[2].OwnSmtp!.OAuth2!.TokenEndpoint, false),
                ("ownSmtp.oauth2.scope", null, "smtp.send", false),
            ],
            FieldChange.Between(states[1], states[2]).Select(c => (c.Field, SettingsFields.Text(c.From), SettingsFields.Text(c.To), c.Secret)));
    }

    private static string SealedSecret(StoredRows stored, int version) => stored.Data(version)["smtp"]!["oAuth2"]!["sealedSecret"]!.GetValue<string>();

    private async Task<StoredRows> InsertedAsync()
    {
        var stored = StoredRows.Load("v2/settings-oauth2");
        await stored.InsertOnceAsync(factory.Schema);
        return stored;
    }

    private async Task<IReadOnlyList<IEvent>> ReadAsync(StoredRows stored)
    {
        await using var session = factory.Store.QuerySession(stored.TenantId);
        return await session.Events.FetchStreamAsync(stored.Id);
    }
}
