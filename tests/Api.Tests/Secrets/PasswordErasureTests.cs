using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Secrets;

namespace Desktomy.Email.Api.Tests.Secrets;

/// <summary>Crypto-shredding: erasing makes every stored password of the tenant unreadable; history stays readable.</summary>
public sealed class PasswordErasureTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task erasing_destroys_the_data_key_and_own_smtp_needs_a_new_password()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);

        var erased = await As(Identity.Support).PostAsync($"{Settings(tenant)}/erase-password", new { reason = "GDPR request 17" });

        Assert.Equal(200, erased.Status);
        Assert.Equal(4, erased.Version);
        Assert.False(erased.As<SettingsView>().OwnSmtp!.PasswordSet);
        await using (var session = Factory.Store.QuerySession(tenant))
        {
            Assert.Null(await session.LoadAsync<TenantDataKey>(TenantDataKey.SmtpPasswordKeyId));
        }

        var history = await As(Identity.Auditor).GetAsync($"{Settings(tenant)}/history?afterVersion=3");
        var item = Assert.Single(history.As<HistoryPageView>().Items);
        Assert.Equal("SmtpPasswordErased", item.Event);
        Assert.Equal("GDPR request 17", item.Reason);
        Assert.True((await admin.GetAsync($"{Settings(tenant)}?version=3")).As<SettingsView>().OwnSmtp!.PasswordSet);

        var mail = await admin.PostAsync($"/api/v1/tenants/{tenant}/emails", new { to = new[] { "jan@klient.pl" }, subject = "x", textBody = "y" });
        var delivery = await FinishedDeliveryAsync(tenant, mail.Json["id"]!.GetValue<string>());
        Assert.Equal("Failed", delivery["status"]!.GetValue<string>());
        Assert.Equal("auth", delivery["lastError"]!["stage"]!.GetValue<string>());
        Assert.Contains("erased", delivery["lastError"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(400, (await admin.PostAsync($"{Settings(tenant)}/smtp/test", null)).Status);
        var withoutPassword = await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect", password: null));
        Assert.Equal(400, withoutPassword.Status);
        Assert.NotEmpty(withoutPassword.As<ProblemView>().ErrorsFor("password"));
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);
        Assert.Equal(200, (await admin.PostAsync($"{Settings(tenant)}/smtp/test", null)).Status);
    }

    [Fact]
    public async Task a_password_restored_by_rollback_after_erasure_is_unreadable_and_must_be_entered_again()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);
        Assert.Equal(200, (await As(Identity.Support).PostAsync($"{Settings(tenant)}/erase-password", new { reason = "leaked" })).Status);

        var rolledBack = await As(Identity.Support).PostAsync($"{Settings(tenant)}/rollback", new { toVersion = 3, reason = "restore the server" });
        var tested = await admin.PostAsync($"{Settings(tenant)}/smtp/test", null);
        var resaved = await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect", password: null, timeoutSeconds: 7));

        Assert.Equal(200, rolledBack.Status);
        Assert.Equal(400, tested.Status);
        Assert.Contains("can no longer be read", tested.As<ProblemView>().ErrorsFor("password")[0], StringComparison.Ordinal);
        Assert.Equal(400, resaved.Status);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"reason\":\" \"}")]
    public async Task erasing_needs_a_reason(string body)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await As(Identity.Support).SendAsync(HttpMethod.Post, $"{Settings(tenant)}/erase-password", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), null);

        Assert.Equal(400, reply.Status);
        Assert.NotEmpty(reply.As<ProblemView>().ErrorsFor("reason"));
    }

    [Fact]
    public async Task only_support_may_erase()
    {
        var tenant = await ConfiguredTenantAsync();

        Assert.Equal(403, (await Admin(tenant).PostAsync($"{Settings(tenant)}/erase-password", new { reason = "x" })).Status);
        Assert.Equal(403, (await As(Identity.Auditor).PostAsync($"{Settings(tenant)}/erase-password", new { reason = "x" })).Status);
        Assert.Equal(2, await EventCountAsync(tenant));
    }
}
