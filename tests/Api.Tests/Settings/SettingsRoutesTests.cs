using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Settings;

public sealed class SettingsRoutesTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task settings_that_were_never_configured_are_not_found()
    {
        var tenant = NewTenant();

        var reply = await Admin(tenant).GetAsync(Settings(tenant));

        Assert.Equal(404, reply.Status);
        Assert.Equal("application/problem+json", reply.ContentType);
    }

    [Fact]
    public async Task setting_the_primary_email_first_creates_the_settings_on_the_platform_transport()
    {
        var tenant = NewTenant();

        var reply = await Admin(tenant).PutAsync($"{Settings(tenant)}/primary-email", new { primaryEmail = "biuro@acme.pl" });

        Assert.Equal(201, reply.Status);
        Assert.Equal("\"1\"", reply.ETag);
        Assert.Equal(Settings(tenant), reply.Location);
        var view = reply.As<SettingsView>();
        Assert.Equal(tenant, view.TenantId);
        Assert.Equal(1, view.Version);
        Assert.Equal("biuro@acme.pl", view.PrimaryEmail);
        Assert.Null(view.SenderName);
        Assert.Null(view.OwnSmtp);
        Assert.Equal(new EffectiveView(SenderTransport.Platform, "automat@desktomy.pl", "biuro@acme.pl"), view.Effective);
        Assert.Equal($"admin-of-{tenant}", view.UpdatedBy);
    }

    [Fact]
    public async Task get_returns_the_current_view_with_its_etag()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await As(Identity.Auditor).GetAsync(Settings(tenant));

        Assert.Equal(200, reply.Status);
        Assert.Equal("\"2\"", reply.ETag);
        var view = reply.As<SettingsView>();
        Assert.Equal(2, view.Version);
        Assert.Equal("Biuro Acme", view.SenderName);
        Assert.Equal("Biuro Acme <automat@desktomy.pl>", view.Effective.From);
    }

    [Fact]
    public async Task changing_the_primary_email_again_is_200_with_a_new_version()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).PutAsync($"{Settings(tenant)}/primary-email", new { primaryEmail = "sekretariat@acme.pl" });

        Assert.Equal(200, reply.Status);
        var view = reply.As<SettingsView>();
        Assert.Equal(3, view.Version);
        Assert.Equal("sekretariat@acme.pl", view.Effective.ReplyTo);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task a_blank_sender_name_clears_it_and_from_becomes_the_bare_address(string? blank)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).PutAsync($"{Settings(tenant)}/sender-name", new { senderName = blank });

        Assert.Equal(200, reply.Status);
        var view = reply.As<SettingsView>();
        Assert.Null(view.SenderName);
        Assert.Equal("automat@desktomy.pl", view.Effective.From);
        Assert.Equal(3, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task a_command_that_changes_nothing_appends_nothing_and_returns_the_current_view()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);

        var sameName = await admin.PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "Biuro Acme" });
        var sameEmail = await admin.PutAsync($"{Settings(tenant)}/primary-email", new { primaryEmail = "biuro@acme.pl" });
        var disableWhenDisabled = await admin.DeleteAsync($"{Settings(tenant)}/smtp");

        foreach (var reply in new[] { sameName, sameEmail, disableWhenDisabled })
        {
            Assert.Equal(200, reply.Status);
            Assert.Equal(2, reply.Version);
            Assert.Equal("\"2\"", reply.ETag);
        }

        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task commands_other_than_primary_email_on_a_tenant_without_settings_conflict()
    {
        var tenant = NewTenant();
        var admin = Admin(tenant);

        var replies = new[]
        {
            await admin.PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "Acme" }),
            await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect")),
            await admin.DeleteAsync($"{Settings(tenant)}/smtp"),
            await admin.PostAsync($"{Settings(tenant)}/smtp/test", null),
        };

        Assert.All(replies, reply =>
        {
            Assert.Equal(409, reply.Status);
            Assert.Equal("application/problem+json", reply.ContentType);
        });
        Assert.Equal(0, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task a_matching_if_match_lets_the_command_through()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "Acme" }, ifMatch: "\"2\"");

        Assert.Equal(200, reply.Status);
        Assert.Equal("\"3\"", reply.ETag);
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("\"7\"")]
    [InlineData("W/\"1\"")]
    public async Task a_stale_if_match_is_412_and_leaves_the_settings_untouched(string staleTag)
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);

        var replies = new[]
        {
            await admin.PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "Other" }, staleTag),
            await admin.PutAsync($"{Settings(tenant)}/primary-email", new { primaryEmail = "x@acme.pl" }, staleTag),
            await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"), staleTag),
            await admin.DeleteAsync($"{Settings(tenant)}/smtp", staleTag),
            await admin.PostAsync($"{Settings(tenant)}/smtp/test", SmtpForm(Smtp.Implicit, "SslOnConnect"), staleTag),
        };

        Assert.All(replies, reply =>
        {
            Assert.Equal(412, reply.Status);
            Assert.Equal("application/problem+json", reply.ContentType);
        });
        var current = (await admin.GetAsync(Settings(tenant))).As<SettingsView>();
        Assert.Equal(2, current.Version);
        Assert.Equal("Biuro Acme", current.SenderName);
    }

    [Fact]
    public async Task if_match_on_a_no_op_command_is_still_checked()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "Biuro Acme" }, "\"1\"");

        Assert.Equal(412, reply.Status);
    }

    [Fact]
    public async Task concurrent_commands_with_the_same_if_match_let_exactly_one_through()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);

        var replies = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            admin.PutAsync($"{Settings(tenant)}/sender-name", new { senderName = $"Name {i}" }, "\"2\"")));

        var winner = Assert.Single(replies, r => r.Status == 200);
        Assert.Equal(49, replies.Count(r => r.Status == 412));
        Assert.Equal(3, await EventCountAsync(tenant));
        var current = (await admin.GetAsync(Settings(tenant))).As<SettingsView>();
        Assert.Equal(winner.As<SettingsView>().SenderName, current.SenderName);
        Assert.Equal(3, (await admin.GetAsync($"{Settings(tenant)}/history")).As<HistoryPageView>().Items.Count);
    }

    [Fact]
    public async Task concurrent_commands_without_if_match_all_land()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);

        var replies = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
            admin.PutAsync($"{Settings(tenant)}/sender-name", new { senderName = $"Name {i}" })));

        Assert.All(replies, r => Assert.Equal(200, r.Status));
        Assert.Equal(5, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task events_record_the_actor_and_the_correlation_id()
    {
        var tenant = NewTenant();
        var admin = Admin(tenant);
        using var content = System.Net.Http.Json.JsonContent.Create(new { primaryEmail = "biuro@acme.pl" });
        content.Headers.Add("X-Correlation-Id", "req-42");

        Assert.Equal(201, (await admin.SendAsync(HttpMethod.Put, $"{Settings(tenant)}/primary-email", content, null)).Status);

        await using var session = Factory.Store.QuerySession(tenant);
        var recorded = Assert.Single(await session.Events.FetchStreamAsync(tenant));
        Assert.Equal($"admin-of-{tenant}", recorded.UserName);
        Assert.Equal("req-42", recorded.CorrelationId);
    }
}
