using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Import;

/// <summary>An imported version is a version like any other: time travel, diff, rollback and sending use it.</summary>
public sealed class ImportedTenantTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task rolling_back_to_version_1_restores_the_imported_settings_and_their_password_works()
    {
        var tenant = await ImportedAsync();
        var admin = Admin(tenant);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Plain, "None", username: null, password: null))).Status);

        var rolledBack = await As(Identity.Support).PostAsync($"{Settings(tenant)}/rollback", new { toVersion = 1, reason = "Back to the imported server" });
        var test = await admin.PostAsync($"{Settings(tenant)}/smtp/test", null);

        Assert.Equal(200, rolledBack.Status);
        Assert.Equal(3, rolledBack.Version);
        Assert.Equal(Smtp.Implicit.Port, rolledBack.Json["ownSmtp"]!["port"]!.GetValue<int>());
        Assert.True(rolledBack.Json["ownSmtp"]!["passwordSet"]!.GetValue<bool>());
        Assert.Equal(200, test.Status);
        Assert.True(test.Json["authenticated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task the_imported_version_is_there_by_version_by_time_and_in_a_diff()
    {
        var tenant = await ImportedAsync();
        var importedAt = (await As(Identity.Auditor).GetAsync(Settings(tenant))).Json["updatedAt"]!.GetValue<DateTimeOffset>();
        Assert.Equal(200, (await Admin(tenant).PutAsync($"{Settings(tenant)}/sender-name", new { senderName = "Nowa Nazwa" })).Status);

        var byVersion = await As(Identity.Auditor).GetAsync($"{Settings(tenant)}?version=1");
        var byTime = await As(Identity.Auditor).GetAsync($"{Settings(tenant)}?asOf={Uri.EscapeDataString(importedAt.ToString("O"))}");
        var before = await As(Identity.Auditor).GetAsync($"{Settings(tenant)}?asOf={Uri.EscapeDataString(importedAt.AddMilliseconds(-1).ToString("O"))}");
        var diff = await As(Identity.Auditor).GetAsync($"{Settings(tenant)}/diff?from=1&to=2");
        var fromNothing = await As(Identity.Auditor).GetAsync($"{Settings(tenant)}/diff?from=0&to=1");

        Assert.Equal((1, "Biuro Acme"), (byVersion.Version, byVersion.Json["senderName"]!.GetValue<string>()));
        Assert.Equal((1, "Biuro Acme"), (byTime.Version, byTime.Json["senderName"]!.GetValue<string>()));
        Assert.Equal(404, before.Status);
        var change = Assert.Single(diff.Json["changes"]!.AsArray())!;
        Assert.Equal(("senderName", "Biuro Acme", "Nowa Nazwa"), (change["field"]!.GetValue<string>(), change["from"]!.GetValue<string>(), change["to"]!.GetValue<string>()));
        Assert.Contains(fromNothing.Json["changes"]!.AsArray(), c => c!["field"]!.GetValue<string>() == "password");
    }

    [Fact]
    public async Task an_imported_tenant_sends_through_its_own_server_with_the_imported_password()
    {
        var tenant = await ImportedAsync();

        var accepted = await Admin(tenant).PostAsync($"/api/v1/tenants/{tenant}/emails", new { to = new[] { "jan@klient.pl" }, subject = "Po imporcie", textBody = "Dzień dobry" });
        var delivery = await FinishedDeliveryAsync(tenant, accepted.Json["id"]!.GetValue<string>());

        Assert.Equal("Sent", delivery["status"]!.GetValue<string>());
        Assert.Equal("own-smtp", delivery["transport"]!.GetValue<string>());
        Assert.Equal(1, delivery["settingsVersion"]!.GetValue<long>());
        var received = await Smtp.Implicit.WaitForMessageAsync(m => $"<{m.Message.MessageId}>" == delivery["messageId"]!.GetValue<string>(), TimeSpan.FromSeconds(10));
        Assert.Equal(SmtpServers.Username, received.AuthenticatedUser);
    }

    private async Task<string> ImportedAsync()
    {
        var tenant = NewTenant();
        var reply = await As(Identity.Support).PostRawAsync("/api/v1/imports", LegacyExport.File(LegacyExport.OwnSmtp(tenant, Smtp.Implicit.Port)), "application/x-ndjson");
        Assert.Equal("imported", reply.Json["items"]![0]!["result"]!.GetValue<string>());
        return tenant;
    }
}
