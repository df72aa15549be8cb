using System.Text.Json.Nodes;
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
        var items = reply.Json["items"]!.AsArray();
        Assert.Equal([1L, 2L, 3L, 4L], items.Select(i => i!["version"]!.GetValue<long>()));
        Assert.Equal(["PrimaryEmailSet", "SenderNameChanged", "OwnSmtpEnabled", "OwnSmtpDisabled"], items.Select(i => i!["event"]!.GetValue<string>()));
        Assert.All(items, i => Assert.Equal($"admin-of-{tenant}", i!["actor"]!.GetValue<string>()));
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i!["correlationId"]!.GetValue<string>())));
        Assert.All(items, i => Assert.Null(i!["reason"]));
        Assert.Null(reply.Json["nextAfterVersion"]);

        Assert.Equal(["primaryEmail"], Fields(items[0]!));
        var senderName = Assert.Single(items[1]!["changes"]!.AsArray())!;
        Assert.Equal("senderName", senderName["field"]!.GetValue<string>());
        Assert.Null(senderName["from"]);
        Assert.Equal("Biuro Acme", senderName["to"]!.GetValue<string>());
        Assert.Equal(
            ["ownSmtp.enabled", "ownSmtp.senderEmail", "ownSmtp.host", "ownSmtp.port", "ownSmtp.security", "ownSmtp.username", "password",
             "ownSmtp.advanced.heloName", "ownSmtp.advanced.timeoutSeconds", "ownSmtp.advanced.verifyCertificate", "ownSmtp.advanced.authMechanism"],
            Fields(items[2]!));
        Assert.Equal(["ownSmtp.enabled"], Fields(items[3]!));
    }

    [Fact]
    public async Task a_password_change_is_marked_secret_and_carries_no_values()
    {
        var tenant = await ConfiguredTenantAsync();
        Assert.Equal(200, (await Admin(tenant).PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);

        var reply = await Admin(tenant).GetAsync($"{Settings(tenant)}/history?afterVersion=2");

        var password = reply.Json["items"]![0]!["changes"]!.AsArray().Single(c => c!["field"]!.GetValue<string>() == "password")!;
        Assert.True(password["secret"]!.GetValue<bool>());
        Assert.Null(password["from"]);
        Assert.Null(password["to"]);
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
            versions.AddRange(page.Json["items"]!.AsArray().Select(i => i!["version"]!.GetValue<long>()));
            after = page.Json["nextAfterVersion"]?.GetValue<long>();
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

        var item = Assert.Single(reply.Json["items"]!.AsArray())!;
        Assert.Equal(2, item["version"]!.GetValue<long>());
        Assert.Equal(["senderName"], Fields(item));
        Assert.Null(reply.Json["nextAfterVersion"]);
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
        Assert.NotNull(reply.Json["errors"]![field]);
    }

    [Fact]
    public async Task a_page_beyond_the_end_is_empty()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).GetAsync($"{Settings(tenant)}/history?afterVersion=9");

        Assert.Equal(200, reply.Status);
        Assert.Empty(reply.Json["items"]!.AsArray());
        Assert.Null(reply.Json["nextAfterVersion"]);
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

    private static string[] Fields(JsonNode item) => [.. item["changes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>())];
}
