using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.History;

public sealed class RollbackTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task support_rolls_back_with_one_new_event_carrying_the_target_state()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/primary-email", new { primaryEmail = "zly@acme.pl" })).Status);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "Zła" })).Status);

        var reply = await As(Identity.Support).PostAsync($"{Settings(tenant)}/rollback", new { toVersion = 2, reason = "Ticket 123: wrong primary e-mail" });

        Assert.Equal(200, reply.Status);
        var view = reply.As<SettingsView>();
        Assert.Equal(5, view.Version);
        Assert.Equal("\"5\"", reply.ETag);
        Assert.Equal("biuro@acme.pl", view.PrimaryEmail);
        Assert.Equal("Biuro Acme", view.SenderName);
        Assert.Equal("support-1", view.UpdatedBy);

        var history = await As(Identity.Auditor).GetAsync($"{Settings(tenant)}/history?afterVersion=4");
        var item = Assert.Single(history.As<HistoryPageView>().Items);
        Assert.Equal("SettingsRolledBack", item.Event);
        Assert.Equal("support-1", item.Actor);
        Assert.Equal("Ticket 123: wrong primary e-mail", item.Reason);
        Assert.Equal(["primaryEmail", "senderName"], item.Fields);
        Assert.Equal(5, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task rolled_back_own_smtp_settings_work_with_their_password()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Plain, "None", username: null, password: null))).Status);

        var rolledBack = await As(Identity.Support).PostAsync($"{Settings(tenant)}/rollback", new { toVersion = 3, reason = "Back to the implicit TLS server" });
        var test = await admin.PostAsync($"{Settings(tenant)}/smtp/test", null);

        Assert.Equal(200, rolledBack.Status);
        var smtp = rolledBack.As<SettingsView>().OwnSmtp!;
        Assert.Equal(Smtp.Implicit.Port, smtp.Port);
        Assert.True(smtp.PasswordSet);
        Assert.Equal(200, test.Status);
        Assert.True(test.As<SmtpTestView>().Authenticated);
    }

    [Fact]
    public async Task rolling_back_to_a_state_equal_to_the_current_one_appends_nothing()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "Inna" })).Status);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "Biuro Acme" })).Status);

        var reply = await As(Identity.Support).PostAsync($"{Settings(tenant)}/rollback", new { toVersion = 2, reason = "Same as now" });

        Assert.Equal(200, reply.Status);
        Assert.Equal(4, reply.Version);
        Assert.Equal(4, await EventCountAsync(tenant));
    }

    [Theory]
    [InlineData("{\"toVersion\":1}", "reason")]
    [InlineData("{\"toVersion\":1,\"reason\":\"  \"}", "reason")]
    [InlineData("{\"toVersion\":1,\"reason\":null}", "reason")]
    [InlineData("{\"reason\":\"why\"}", "toVersion")]
    [InlineData("{\"toVersion\":0,\"reason\":\"why\"}", "toVersion")]
    [InlineData("{\"toVersion\":3,\"reason\":\"why\"}", "toVersion")]
    [InlineData("{\"toVersion\":\"1\",\"reason\":\"why\"}", "toVersion")]
    [InlineData("{\"toVersion\":1,\"reason\":\"a\\u0000b\"}", "reason")]
    public async Task a_rollback_without_a_reason_or_a_real_version_is_rejected(string body, string field)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await As(Identity.Support).SendAsync(HttpMethod.Post, $"{Settings(tenant)}/rollback", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), null);

        Assert.Equal(400, reply.Status);
        Assert.NotEmpty(reply.As<ProblemView>().ErrorsFor(field));
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task a_reason_longer_than_500_characters_is_rejected()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await As(Identity.Support).PostAsync($"{Settings(tenant)}/rollback", new { toVersion = 1, reason = new string('r', 501) });

        Assert.Equal(400, reply.Status);
        Assert.NotEmpty(reply.As<ProblemView>().ErrorsFor("reason"));
    }

    [Fact]
    public async Task a_stale_if_match_is_412()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await As(Identity.Support).PostAsync($"{Settings(tenant)}/rollback", new { toVersion = 1, reason = "why" }, ifMatch: "\"1\"");

        Assert.Equal(412, reply.Status);
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task a_matching_if_match_lets_the_rollback_through()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await As(Identity.Support).PostAsync($"{Settings(tenant)}/rollback", new { toVersion = 1, reason = "why" }, ifMatch: "\"2\"");

        Assert.Equal(200, reply.Status);
        Assert.Null(reply.As<SettingsView>().SenderName);
    }

    [Fact]
    public async Task only_support_may_roll_back()
    {
        var tenant = await ConfiguredTenantAsync();
        var body = new { toVersion = 1, reason = "why" };

        Assert.Equal(403, (await Admin(tenant).PostAsync($"{Settings(tenant)}/rollback", body)).Status);
        Assert.Equal(403, (await As(Identity.Auditor).PostAsync($"{Settings(tenant)}/rollback", body)).Status);
        Assert.Equal(403, (await As(Identity.Sender(tenant)).PostAsync($"{Settings(tenant)}/rollback", body)).Status);
        Assert.Equal(401, (await As(Identity.None).PostAsync($"{Settings(tenant)}/rollback", body)).Status);
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task rolling_back_a_tenant_without_settings_conflicts()
    {
        var tenant = NewTenant();

        var reply = await As(Identity.Support).PostAsync($"{Settings(tenant)}/rollback", new { toVersion = 1, reason = "why" });

        Assert.Equal(409, reply.Status);
    }
}
