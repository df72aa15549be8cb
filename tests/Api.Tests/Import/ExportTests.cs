using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Import;

public sealed class ExportTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task the_export_holds_the_view_and_every_history_item_with_secrets_only_as_flags()
    {
        var tenant = await ConfiguredTenantAsync();
        Assert.Equal(200, (await Admin(tenant).PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);

        var export = await As(Identity.Auditor).GetAsync($"{Settings(tenant)}/export");

        Assert.Equal(200, export.Status);
        var view = await As(Identity.Auditor).GetAsync(Settings(tenant));
        Assert.Equal(view.Json.ToJsonString(), export.Json["settings"]!.ToJsonString());
        var history = await As(Identity.Auditor).GetAsync($"{Settings(tenant)}/history");
        Assert.Equal(history.Json["items"]!.ToJsonString(), export.Json["history"]!.ToJsonString());
        Assert.Equal(3, export.Json["history"]!.AsArray().Count);
        Assert.Contains(export.Json["history"]![2]!["changes"]!.AsArray(), c => c!["field"]!.GetValue<string>() == "password" && c["secret"]!.GetValue<bool>());
        Assert.DoesNotContain(SmtpServers.Password, export.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("sealedPassword", export.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task a_long_history_is_exported_whole()
    {
        var tenant = await ConfiguredTenantAsync();
        for (var i = 0; i < 510; i++)
        {
            Assert.Equal(200, (await Admin(tenant).PutAsync($"{Settings(tenant)}/sender-name", new { senderName = $"Biuro {i}" })).Status);
        }

        var export = await As(Identity.Support).GetAsync($"{Settings(tenant)}/export");

        Assert.Equal(512, export.Json["settings"]!["version"]!.GetValue<long>());
        Assert.Equal(Enumerable.Range(1, 512).Select(v => (long)v), export.Json["history"]!.AsArray().Select(i => i!["version"]!.GetValue<long>()));
    }

    [Fact]
    public async Task auditors_support_and_the_tenants_own_admin_may_export_and_nobody_else()
    {
        var tenant = await ConfiguredTenantAsync();
        var path = $"{Settings(tenant)}/export";

        Assert.Equal(200, (await As(Identity.Auditor).GetAsync(path)).Status);
        Assert.Equal(200, (await As(Identity.Support).GetAsync(path)).Status);
        Assert.Equal(200, (await Admin(tenant).GetAsync(path)).Status);
        Assert.Equal(403, (await Admin(NewTenant()).GetAsync(path)).Status);
        Assert.Equal(403, (await As(Identity.Sender(tenant)).GetAsync(path)).Status);
        Assert.Equal(401, (await As(Identity.None).GetAsync(path)).Status);
    }

    [Fact]
    public async Task exporting_a_tenant_without_settings_is_404()
    {
        var reply = await As(Identity.Auditor).GetAsync($"{Settings(NewTenant())}/export");

        Assert.Equal(404, reply.Status);
        Assert.Equal("application/problem+json", reply.ContentType);
    }

    [Theory]
    [InlineData("post", "/api/v1/imports")]
    [InlineData("get", "/api/v1/tenants/{tenantId}/email-settings/export")]
    public async Task the_openapi_document_describes_import_and_export(string method, string path)
    {
        var document = await As(Identity.None).GetAsync("/openapi/v1.json");

        var operation = document.Json["paths"]![path]?[method];
        Assert.NotNull(operation);
        Assert.StartsWith("Roles: ", operation["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
