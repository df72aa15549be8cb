using System.Text;
using System.Text.Json.Nodes;
using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace Desktomy.Email.Api.Tests.Import;

public sealed class ImportTests(ApiFactory factory) : ApiTest(factory)
{
    private const string Imports = "/api/v1/imports";

    [Fact]
    public async Task support_imports_a_tenant_with_its_own_smtp_and_the_view_shows_the_new_names()
    {
        var tenant = NewTenant();

        var reply = await ImportAsync(LegacyExport.File(LegacyExport.OwnSmtp(tenant, Smtp.Implicit.Port)));

        Assert.Equal(200, reply.Status);
        Assert.Equal((1, 0, 0), Counts(reply));
        var item = Assert.Single(reply.Json["items"]!.AsArray())!;
        Assert.Equal(1, item["line"]!.GetValue<int>());
        Assert.Equal(tenant, item["tenantId"]!.GetValue<string>());
        Assert.Equal("imported", item["result"]!.GetValue<string>());
        Assert.Empty(item["errors"]!.AsObject());

        var view = await As(Identity.Auditor).GetAsync(Settings(tenant));
        Assert.Equal(200, view.Status);
        Assert.Equal(1, view.Version);
        Assert.Equal("biuro@acme.pl", view.Json["primaryEmail"]!.GetValue<string>());
        Assert.Equal("Biuro Acme", view.Json["senderName"]!.GetValue<string>());
        var smtp = view.Json["ownSmtp"]!;
        Assert.True(smtp["enabled"]!.GetValue<bool>());
        Assert.Equal("poczta@acme.pl", smtp["senderEmail"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", smtp["host"]!.GetValue<string>());
        Assert.Equal(Smtp.Implicit.Port, smtp["port"]!.GetValue<int>());
        Assert.Equal("SslOnConnect", smtp["security"]!.GetValue<string>());
        Assert.Equal(SmtpServers.Username, smtp["username"]!.GetValue<string>());
        Assert.True(smtp["passwordSet"]!.GetValue<bool>());
        Assert.Equal(5, smtp["advanced"]!["timeoutSeconds"]!.GetValue<int>());
        Assert.False(smtp["advanced"]!["verifyCertificate"]!.GetValue<bool>());
        Assert.Equal("Auto", smtp["advanced"]!["authMechanism"]!.GetValue<string>());
        Assert.Equal("support-1", view.Json["updatedBy"]!.GetValue<string>());
        Assert.Equal(1, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task the_imported_version_is_one_history_item_with_the_importer_the_reason_and_every_field_from_null()
    {
        var tenant = NewTenant();
        Assert.Equal(200, (await ImportAsync(LegacyExport.File(LegacyExport.OwnSmtp(tenant, Smtp.Implicit.Port)), "?reason=Go-live%20of%20update%202.33")).Status);

        var history = await As(Identity.Auditor).GetAsync($"{Settings(tenant)}/history");

        var item = Assert.Single(history.Json["items"]!.AsArray())!;
        Assert.Equal(1, item["version"]!.GetValue<long>());
        Assert.Equal("SettingsImported", item["event"]!.GetValue<string>());
        Assert.Equal("support-1", item["actor"]!.GetValue<string>());
        Assert.Equal("Go-live of update 2.33", item["reason"]!.GetValue<string>());
        var changes = item["changes"]!.AsArray();
        Assert.Equal(
            ["primaryEmail", "senderName", "ownSmtp.enabled", "ownSmtp.senderEmail", "ownSmtp.host", "ownSmtp.port", "ownSmtp.security", "ownSmtp.username",
             "password", "ownSmtp.advanced.timeoutSeconds", "ownSmtp.advanced.verifyCertificate", "ownSmtp.advanced.authMechanism"],
            changes.Select(c => c!["field"]!.GetValue<string>()));
        Assert.All(changes.Where(c => c!["field"]!.GetValue<string>() != "ownSmtp.enabled"), c => Assert.Null(c!["from"]));
        Assert.True(changes.Single(c => c!["field"]!.GetValue<string>() == "password")!["secret"]!.GetValue<bool>());
    }

    [Fact]
    public async Task imported_tenants_stay_out_of_the_settings_cache_and_their_first_command_reads_them()
    {
        var tenant = NewTenant();
        var cache = Factory.Services.GetRequiredService<SettingsCache>();
        Assert.Equal(200, (await ImportAsync(LegacyExport.File(LegacyExport.Basic(tenant)))).Status);
        Assert.Null(cache.Get(tenant));

        var renamed = await Admin(tenant).PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "Nowa Nazwa" });

        Assert.Equal(200, renamed.Status);
        Assert.Equal(2, renamed.Version);
        Assert.Equal(2, cache.Get(tenant)?.Version);
    }

    [Fact]
    public async Task without_a_reason_the_import_records_the_default_one()
    {
        var tenant = NewTenant();
        Assert.Equal(200, (await ImportAsync(LegacyExport.File(LegacyExport.Basic(tenant)))).Status);

        var history = await As(Identity.Auditor).GetAsync($"{Settings(tenant)}/history");

        Assert.Equal("import from the previous store", history.Json["items"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task importing_the_same_file_again_changes_nothing()
    {
        var (first, second) = (NewTenant(), NewTenant());
        var file = LegacyExport.File(LegacyExport.OwnSmtp(first, Smtp.Implicit.Port), LegacyExport.Basic(second));
        Assert.Equal((2, 0, 0), Counts(await ImportAsync(file)));

        var again = await ImportAsync(file);

        Assert.Equal((0, 2, 0), Counts(again));
        Assert.All(again.Json["items"]!.AsArray(), i => Assert.Equal("unchanged", i!["result"]!.GetValue<string>()));
        Assert.Equal(1, await EventCountAsync(first));
        Assert.Equal(1, await EventCountAsync(second));
    }

    [Fact]
    public async Task a_rerun_after_an_import_stopped_halfway_imports_the_rest()
    {
        var tenants = Enumerable.Range(0, 6).Select(_ => NewTenant()).ToList();
        var lines = tenants.Select(t => (JsonNode)LegacyExport.Basic(t)).ToArray();
        Assert.Equal((3, 0, 0), Counts(await ImportAsync(LegacyExport.File(lines[..3]))));

        var rerun = await ImportAsync(LegacyExport.File(lines));

        Assert.Equal((3, 3, 0), Counts(rerun));
        Assert.Equal(["unchanged", "unchanged", "unchanged", "imported", "imported", "imported"], rerun.Json["items"]!.AsArray().Select(i => i!["result"]!.GetValue<string>()));
    }

    [Fact]
    public async Task a_tenant_whose_live_settings_differ_is_failed_with_the_fields_and_keeps_its_settings()
    {
        var tenant = await ConfiguredTenantAsync();
        var line = LegacyExport.Basic(tenant);
        line["nazwa_nadawcy"] = "Inna Nazwa";

        var reply = await ImportAsync(LegacyExport.File(line));

        Assert.Equal((0, 0, 1), Counts(reply));
        var message = reply.Json["items"]![0]!["errors"]!["klient"]![0]!.GetValue<string>();
        Assert.Contains("senderName", message, StringComparison.Ordinal);
        Assert.Contains("never overwrites", message, StringComparison.Ordinal);
        Assert.Equal("Biuro Acme", (await Admin(tenant).GetAsync(Settings(tenant))).Json["senderName"]!.GetValue<string>());
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task a_tenant_whose_live_settings_match_the_line_is_unchanged_even_when_made_through_the_api()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await ImportAsync(LegacyExport.File(LegacyExport.Basic(tenant)));

        Assert.Equal((0, 1, 0), Counts(reply));
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task an_import_never_tells_whether_a_password_is_the_stored_one()
    {
        var tenant = NewTenant();
        Assert.Equal(200, (await ImportAsync(LegacyExport.File(LegacyExport.OwnSmtp(tenant, Smtp.Implicit.Port)))).Status);

        // Were a wrong guess "failed" and the right one "unchanged", a file of guesses would find the password.
        var guess = await ImportAsync(LegacyExport.File(LegacyExport.OwnSmtp(tenant, Smtp.Implicit.Port, password: "wrong-one")));
        var dryGuess = await ImportAsync(LegacyExport.File(LegacyExport.OwnSmtp(tenant, Smtp.Implicit.Port, password: "wrong-one")), "?dryRun=true");

        Assert.Equal((0, 1, 0), Counts(guess));
        Assert.Equal((0, 1, 0), Counts(dryGuess));
        Assert.Equal(1, await EventCountAsync(tenant));
    }

    [Theory]
    [InlineData("?dryRun=maybe", "dryRun")]
    [InlineData("?dryRun=1", "dryRun")]
    public async Task a_dry_run_flag_that_is_not_true_or_false_is_a_400_naming_it(string query, string field)
    {
        var tenant = NewTenant();

        var reply = await ImportAsync(LegacyExport.File(LegacyExport.Basic(tenant)), query);

        Assert.Equal(400, reply.Status);
        Assert.NotNull(reply.Json["errors"]![field]);
        Assert.Equal(404, (await As(Identity.Support).GetAsync(Settings(tenant))).Status);
    }

    [Fact]
    public async Task a_password_where_the_tenant_has_none_is_a_difference()
    {
        var tenant = NewTenant();
        Assert.Equal(200, (await ImportAsync(LegacyExport.File(LegacyExport.Basic(tenant)))).Status);

        var reply = await ImportAsync(LegacyExport.File(LegacyExport.OwnSmtp(tenant, Smtp.Implicit.Port)));

        Assert.Equal((0, 0, 1), Counts(reply));
        Assert.Contains("password", reply.Json["items"]![0]!["errors"]!["klient"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task bad_lines_fail_alone_with_their_line_number_and_legacy_field_and_the_others_are_imported()
    {
        var (good, badPort, unknownSecurity, duplicate) = (NewTenant(), NewTenant(), NewTenant(), NewTenant());
        var port = LegacyExport.OwnSmtp(badPort, 70000);
        var security = LegacyExport.OwnSmtp(unknownSecurity, 465, security: "STARTSSL");
        var file = string.Join('\n',
            LegacyExport.Basic(duplicate).ToJsonString(),
            "{\"klient\": \"broken\", ",
            port.ToJsonString(),
            "",
            security.ToJsonString(),
            LegacyExport.Basic(good).ToJsonString(),
            LegacyExport.Basic(duplicate).ToJsonString());

        var reply = await ImportAsync(file);

        Assert.Equal(200, reply.Status);
        Assert.Equal((2, 0, 4), Counts(reply));
        var items = reply.Json["items"]!.AsArray();
        Assert.Equal([1, 2, 3, 5, 6, 7], items.Select(i => i!["line"]!.GetValue<int>()));
        Assert.Equal(["imported", "failed", "failed", "failed", "imported", "failed"], items.Select(i => i!["result"]!.GetValue<string>()));
        Assert.Equal(["line"], Fields(items[1]!));
        Assert.Null(items[1]!["tenantId"]);
        Assert.Equal(["smtp.port"], Fields(items[2]!));
        Assert.Equal(badPort, items[2]!["tenantId"]!.GetValue<string>());
        Assert.Equal(["smtp.szyfrowanie"], Fields(items[3]!));
        Assert.Equal(["klient"], Fields(items[5]!));
        Assert.Contains("line 1", items[5]!["errors"]!["klient"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(404, (await As(Identity.Auditor).GetAsync(Settings(badPort))).Status);
        Assert.Equal(404, (await As(Identity.Auditor).GetAsync(Settings(unknownSecurity))).Status);
        Assert.DoesNotContain(SmtpServers.Password, reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_error_about_a_line_never_repeats_the_line_or_its_password()
    {
        var tenant = NewTenant();
        var line = LegacyExport.OwnSmtp(tenant, 465);
        line["smtp"]!["login"] = null; // a password without a login
        line["smtp"]!["serwer"] = $"bad host {SmtpServers.Password}";

        var reply = await ImportAsync(LegacyExport.File(line));

        Assert.Equal((0, 0, 1), Counts(reply));
        Assert.Equal(["smtp.haslo", "smtp.serwer"], Fields(reply.Json["items"]![0]!).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(SmtpServers.Password, reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("bad host", reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Factory.Logs.Lines, l => l.Contains(SmtpServers.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_dry_run_reports_what_the_import_would_do_and_writes_nothing()
    {
        var (fresh, existing, different) = (NewTenant(), await ConfiguredTenantAsync(), await ConfiguredTenantAsync());
        var changed = LegacyExport.Basic(different);
        changed["email_zwrotny"] = "inny@acme.pl";
        var file = LegacyExport.File(LegacyExport.OwnSmtp(fresh, Smtp.Implicit.Port), LegacyExport.Basic(existing), changed);

        var reply = await ImportAsync(file, "?dryRun=true");

        Assert.Equal(200, reply.Status);
        Assert.Equal((1, 1, 1), Counts(reply));
        Assert.Equal(["imported", "unchanged", "failed"], reply.Json["items"]!.AsArray().Select(i => i!["result"]!.GetValue<string>()));
        Assert.Equal(404, (await As(Identity.Auditor).GetAsync(Settings(fresh))).Status);
        Assert.Equal(0, await EventCountAsync(fresh));
        Assert.Equal(0, await DataKeyCountAsync(fresh));
    }

    [Fact]
    public async Task a_file_over_ten_thousand_lines_is_refused_before_anything_is_imported()
    {
        var first = NewTenant();
        var file = new StringBuilder(LegacyExport.Basic(first).ToJsonString()).Append('\n');
        for (var i = 0; i < 10_000; i++)
        {
            file.Append("{}\n");
        }

        var reply = await ImportAsync(file.ToString());

        Assert.Equal(413, reply.Status);
        Assert.Equal("application/problem+json", reply.ContentType);
        Assert.Contains("10000 lines", reply.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(404, (await As(Identity.Auditor).GetAsync(Settings(first))).Status);
    }

    [Fact]
    public async Task exactly_ten_thousand_lines_are_accepted()
    {
        var file = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            file.Append("{}\n");
        }

        var reply = await ImportAsync(file.ToString(), "?dryRun=true");

        Assert.Equal(200, reply.Status);
        Assert.Equal((0, 0, 10_000), Counts(reply));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/plain")]
    public async Task a_file_sent_as_anything_but_ndjson_is_415(string contentType)
    {
        var tenant = NewTenant();

        var reply = await As(Identity.Support).PostRawAsync(Imports, LegacyExport.File(LegacyExport.Basic(tenant)), contentType);

        Assert.Equal(415, reply.Status);
        Assert.Equal("application/problem+json", reply.ContentType);
        Assert.Equal(404, (await As(Identity.Auditor).GetAsync(Settings(tenant))).Status);
    }

    [Fact]
    public async Task a_reason_with_control_characters_is_400()
    {
        var reply = await ImportAsync(LegacyExport.File(LegacyExport.Basic(NewTenant())), "?reason=a%00b");

        Assert.Equal(400, reply.Status);
        Assert.NotNull(reply.Json["errors"]!["reason"]);
    }

    [Fact]
    public async Task only_support_may_import()
    {
        var tenant = NewTenant();
        var file = LegacyExport.File(LegacyExport.Basic(tenant));

        Assert.Equal(403, (await As(Identity.Auditor).PostRawAsync(Imports, file, ImportContentType)).Status);
        Assert.Equal(403, (await Admin(tenant).PostRawAsync(Imports, file, ImportContentType)).Status);
        Assert.Equal(403, (await As(Identity.Sender(tenant)).PostRawAsync(Imports, file, ImportContentType)).Status);
        Assert.Equal(401, (await As(Identity.None).PostRawAsync(Imports, file, ImportContentType)).Status);
        Assert.Equal(0, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task own_smtp_off_with_smtp_values_keeps_the_values_and_leaves_own_smtp_off()
    {
        var tenant = NewTenant();
        var line = LegacyExport.OwnSmtp(tenant, 587, security: "TLS");
        line["wlasny_smtp"] = false;

        Assert.Equal((1, 0, 0), Counts(await ImportAsync(LegacyExport.File(line))));

        var view = await As(Identity.Auditor).GetAsync(Settings(tenant));
        Assert.False(view.Json["ownSmtp"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("StartTls", view.Json["ownSmtp"]!["security"]!.GetValue<string>());
        Assert.True(view.Json["ownSmtp"]!["passwordSet"]!.GetValue<bool>());
        Assert.Equal("platform", view.Json["effective"]!["transport"]!.GetValue<string>());
    }

    [Fact]
    public async Task missing_optional_fields_take_the_contracts_defaults()
    {
        var tenant = NewTenant();
        var line = $$$"""{"klient": "{{{tenant}}}", "email_zwrotny": "biuro@acme.pl", "wlasny_smtp": true, "smtp": {"email_nadawcy": "poczta@acme.pl", "serwer": "smtp.acme.pl", "port": 465}}""";

        Assert.Equal((1, 0, 0), Counts(await ImportAsync(line)));

        var view = await As(Identity.Auditor).GetAsync(Settings(tenant));
        Assert.Null(view.Json["senderName"]);
        var smtp = view.Json["ownSmtp"]!;
        Assert.Equal("SslOnConnect", smtp["security"]!.GetValue<string>());
        Assert.Null(smtp["username"]);
        Assert.False(smtp["passwordSet"]!.GetValue<bool>());
        Assert.Equal(30, smtp["advanced"]!["timeoutSeconds"]!.GetValue<int>());
        Assert.True(smtp["advanced"]!["verifyCertificate"]!.GetValue<bool>());
        Assert.Equal("Auto", smtp["advanced"]!["authMechanism"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_line_longer_than_the_limit_fails_alone()
    {
        var (tenant, other) = (NewTenant(), NewTenant());
        var huge = LegacyExport.Basic(other);
        huge["zmienil"] = new string('x', 70_000);

        var reply = await ImportAsync(LegacyExport.File(huge, LegacyExport.Basic(tenant)));

        Assert.Equal((1, 0, 1), Counts(reply));
        Assert.Equal(["line"], Fields(reply.Json["items"]![0]!));
        Assert.Equal(2, reply.Json["items"]![1]!["line"]!.GetValue<int>());
    }

    private const string ImportContentType = "application/x-ndjson";

    private Task<Reply> ImportAsync(string ndjson, string query = "") => As(Identity.Support).PostRawAsync(Imports + query, ndjson, ImportContentType);

    private static (int Imported, int Unchanged, int Failed) Counts(Reply reply) =>
        (reply.Json["imported"]!.GetValue<int>(), reply.Json["unchanged"]!.GetValue<int>(), reply.Json["failed"]!.GetValue<int>());

    private static IEnumerable<string> Fields(JsonNode item) => item["errors"]!.AsObject().Select(e => e.Key);

    private async Task<int> DataKeyCountAsync(string tenant)
    {
        await using var session = Factory.Store.QuerySession(tenant);
        return await Marten.QueryableExtensions.CountAsync(session.Query<Desktomy.Email.Application.Secrets.TenantDataKey>());
    }
}
