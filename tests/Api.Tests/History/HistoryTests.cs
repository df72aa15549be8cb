using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.History;

public sealed class HistoryTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task history_lists_every_event_oldest_first_with_who_when_and_exactly_what_changed()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);
        Assert.Equal(200, (await admin.DeleteAsync($"{Settings(tenant)}/smtp")).Status);

        var reply = await As(Identity.Auditor).GetAsync($"{Settings(tenant)}/history");

        Assert.Equal(200, reply.Status);
        var page = reply.As<HistoryPageView>();
        var items = page.Items;
        Assert.Equal([1L, 2L, 3L, 4L], items.Select(i => i.Version));
        Assert.Equal(["PrimaryEmailSet", "SenderNameChanged", "OwnSmtpEnabled", "OwnSmtpDisabled"], items.Select(i => i.Event));
        Assert.All(items, i => Assert.Equal($"admin-of-{tenant}", i.Actor));
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i.CorrelationId)));
        Assert.All(items, i => Assert.Null(i.Reason));
        Assert.Null(page.NextAfterVersion);

        Assert.Equal(["primaryEmail"], items[0].Fields);
        var senderName = Assert.Single(items[1].Changes);
        Assert.Equal("senderName", senderName.Field);
        Assert.Null(senderName.From);
        Assert.Equal("Biuro Acme", (string?)senderName.To);
        Assert.Equal(
            ["ownSmtp.enabled", "ownSmtp.senderEmail", "ownSmtp.host", "ownSmtp.port", "ownSmtp.security", "ownSmtp.username", "password",
             "ownSmtp.advanced.heloName", "ownSmtp.advanced.timeoutSeconds", "ownSmtp.advanced.verifyCertificate", "ownSmtp.advanced.authMechanism"],
            items[2].Fields);
        Assert.Equal(["ownSmtp.enabled"], items[3].Fields);
    }

    [Fact]
    public async Task a_password_change_is_marked_secret_and_carries_no_values()
    {
        var tenant = await ConfiguredTenantAsync();
        Assert.Equal(200, (await Admin(tenant).PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);

        var reply = await Admin(tenant).GetAsync($"{Settings(tenant)}/history?afterVersion=2");

        var password = reply.As<HistoryPageView>().Items[0].Changes.Single(c => c.Field == "password");
        Assert.Equal(new ChangeView("password", From: null, To: null, Secret: true), password);
        Assert.DoesNotContain(SmtpServers.Password, reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("sealed", reply.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task history_pages_follow_next_after_version_to_the_end()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        foreach (var name in new[] { "A", "B", "C", "D", "E" })
        {
            Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/sender-name", new { senderName = name })).Status);
        }

        var versions = new List<long>();
        var nexts = new List<long?>();
        long? after = 0;
        while (after is not null)
        {
            var page = await admin.GetAsync($"{Settings(tenant)}/history?afterVersion={after}&limit=3");
            Assert.Equal(200, page.Status);
            var view = page.As<HistoryPageView>();
            versions.AddRange(view.Items.Select(i => i.Version));
            after = view.NextAfterVersion;
            nexts.Add(after);
        }

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], versions);
        Assert.Equal([3L, 6L, null], nexts);
    }

    [Fact]
    public async Task the_first_item_of_a_later_page_still_shows_its_changes()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).GetAsync($"{Settings(tenant)}/history?afterVersion=1&limit=1");

        var page = reply.As<HistoryPageView>();
        var item = Assert.Single(page.Items);
        Assert.Equal(2, item.Version);
        Assert.Equal(["senderName"], item.Fields);
        Assert.Null(page.NextAfterVersion);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("afterVersion=-1", "afterVersion")]
    public async Task paging_parameters_out_of_range_are_rejected(string query, string field)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).GetAsync($"{Settings(tenant)}/history?{query}");

        Assert.Equal(400, reply.Status);
        Assert.NotEmpty(reply.As<ProblemView>().ErrorsFor(field));
    }

    [Fact]
    public async Task a_page_beyond_the_end_is_empty()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).GetAsync($"{Settings(tenant)}/history?afterVersion=9");

        Assert.Equal(200, reply.Status);
        var page = reply.As<HistoryPageView>();
        Assert.Empty(page.Items);
        Assert.Null(page.NextAfterVersion);
    }

    [Fact]
    public async Task history_of_a_tenant_without_settings_is_not_found()
    {
        var tenant = NewTenant();

        Assert.Equal(404, (await Admin(tenant).GetAsync($"{Settings(tenant)}/history")).Status);
    }

    [Fact]
    public async Task csv_history_has_one_row_per_changed_field_and_cannot_inject_formulas()
    {
        var tenant = await ConfiguredTenantAsync();
        Assert.Equal(200, (await Admin(tenant).PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "=HYPERLINK(\"http://x\",\"a, b\")" })).Status);

        var reply = await As(Identity.Auditor).SendAsync(HttpMethod.Get, $"{Settings(tenant)}/history", null, null, accept: "text/csv");

        Assert.Equal(200, reply.Status);
        Assert.Equal("text/csv", reply.ContentType);
        var lines = reply.Body.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("version,event,occurredAt,actor,correlationId,reason,field,from,to,secret", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("1,PrimaryEmailSet,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",primaryEmail,,biuro@acme.pl,false", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",senderName,Biuro Acme,\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\",false", lines[3], StringComparison.Ordinal);
    }
}
