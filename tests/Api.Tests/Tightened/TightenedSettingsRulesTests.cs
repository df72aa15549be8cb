using System.Globalization;
using System.Text.Json.Nodes;
using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Tightened;

/// <summary>The contract's "Tightened rules" for settings: offsets, cursors, quoted mailboxes, warnings, choices.</summary>
public sealed class TightenedSettingsRulesTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task as_of_with_an_offset_means_that_instant()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        var first = (await admin.GetAsync($"{Settings(tenant)}?version=1")).Json;
        var created = DateTimeOffset.Parse(first["updatedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);

        var inWarsaw = created.ToOffset(TimeSpan.FromHours(1)).ToString("yyyy-MM-ddTHH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
        var justBefore = created.AddTicks(-10).ToOffset(TimeSpan.FromHours(-5)).ToString("yyyy-MM-ddTHH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
        var then = await admin.GetAsync($"{Settings(tenant)}?asOf={Uri.EscapeDataString(inWarsaw)}");
        var before = await admin.GetAsync($"{Settings(tenant)}?asOf={Uri.EscapeDataString(justBefore)}");

        Assert.Equal(200, then.Status);
        Assert.Equal(1, then.Json["version"]!.GetValue<long>());
        Assert.Equal(404, before.Status);
    }

    [Theory]
    [InlineData("asOf=01%2F12%2F2026", "asOf")]
    [InlineData("asOf=2026-12-01", "asOf")]
    [InlineData("asOf=yesterday", "asOf")]
    public async Task an_instant_that_is_not_iso_8601_is_a_400_naming_it(string query, string field)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).GetAsync($"{Settings(tenant)}?{query}");

        Assert.Equal(400, reply.Status);
        Assert.NotNull(reply.Json["errors"]![field]);
    }

    [Fact]
    public async Task an_offset_whose_plus_was_not_percent_encoded_still_means_that_instant()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        var created = DateTimeOffset.Parse((await admin.GetAsync($"{Settings(tenant)}?version=1")).Json["updatedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);

        var reply = await admin.GetAsync($"{Settings(tenant)}?asOf={created.ToOffset(TimeSpan.FromHours(1)):yyyy-MM-ddTHH:mm:ss.ffffff}+01:00");

        Assert.Equal(200, reply.Status);
        Assert.Equal(1, reply.Json["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task a_history_cursor_beyond_any_version_is_a_400_not_an_overflow()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).GetAsync($"{Settings(tenant)}/history?afterVersion={long.MaxValue}");

        Assert.Equal(400, reply.Status);
        Assert.NotNull(reply.Json["errors"]!["afterVersion"]);
    }

    [Theory]
    [InlineData("%00")]
    [InlineData("a%0Db")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task a_tenant_cursor_that_cannot_be_a_tenant_id_is_a_400_naming_it(string after)
    {
        var reply = await As(Identity.Auditor).GetAsync($"/api/v1/tenants?after={after}");

        Assert.Equal(400, reply.Status);
        Assert.NotNull(reply.Json["errors"]!["after"]);
    }

    [Fact]
    public async Task the_effective_from_is_a_quoted_mailbox_when_the_name_needs_quotes()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "a\" <evil@evil.pl>, \"b" });

        Assert.Equal(200, reply.Status);
        Assert.Equal("\"a\\\" <evil@evil.pl>, \\\"b\" <automat@desktomy.pl>", reply.Json["effective"]!["from"]!.GetValue<string>());
        var plain = await Admin(tenant).PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "Biuro Acme" });
        Assert.Equal("Biuro Acme <automat@desktomy.pl>", plain.Json["effective"]!["from"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_login_over_an_unencrypted_connection_is_accepted_with_a_warning()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);

        var tested = await admin.PostAsync($"{Settings(tenant)}/smtp/test", SmtpForm(Smtp.Plain, "None"));
        var saved = await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Plain, "None"));

        Assert.Equal(200, tested.Status);
        Assert.Equal(["PlaintextAuthentication"], Codes(tested.Json["warnings"]));
        Assert.Equal(200, saved.Status);
        Assert.Equal(["PlaintextAuthentication"], Codes(saved.Json["ownSmtp"]!["warnings"]));
    }

    [Fact]
    public async Task encrypted_or_anonymous_settings_have_no_warnings()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);

        var encrypted = await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"));
        var anonymous = await admin.PostAsync($"{Settings(tenant)}/smtp/test", SmtpForm(Smtp.Plain, "None", password: null, username: null));

        Assert.Equal(200, encrypted.Status);
        Assert.Empty(Codes(encrypted.Json["ownSmtp"]!["warnings"]));
        Assert.Equal(200, anonymous.Status);
        Assert.Empty(Codes(anonymous.Json["warnings"]));
    }

    [Fact]
    public async Task a_wrong_choice_names_the_allowed_values_and_every_other_error_is_reported_too()
    {
        var tenant = await ConfiguredTenantAsync();
        var form = SmtpForm(Smtp.Plain, "TLS");
        form["host"] = "not a host";
        ((Dictionary<string, object?>)form["advanced"]!)["authMechanism"] = "XOAUTH3";
        ((Dictionary<string, object?>)form["advanced"]!)["timeoutSeconds"] = 0;

        var reply = await Admin(tenant).PutAsync($"{Settings(tenant)}/smtp", form);

        Assert.Equal(400, reply.Status);
        var errors = reply.Json["errors"]!.AsObject();
        Assert.Equal("Choose one of SslOnConnect, StartTls, None.", errors["security"]![0]!.GetValue<string>());
        Assert.Equal("Choose one of Auto, Plain, Login, CramMd5, None, OAuth2.", errors["advanced.authMechanism"]![0]!.GetValue<string>());
        Assert.NotNull(errors["host"]);
        Assert.NotNull(errors["advanced.timeoutSeconds"]);
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task choices_are_matched_without_regard_to_case_as_before()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "sslonconnect"));

        Assert.Equal(200, reply.Status);
        Assert.Equal("SslOnConnect", reply.Json["ownSmtp"]!["security"]!.GetValue<string>());
    }

    private static string[] Codes(JsonNode? warnings) => [.. warnings!.AsArray().Select(code => code!.GetValue<string>())];
}
