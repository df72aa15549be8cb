using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.MailCatcher;
using Microsoft.Playwright;

namespace Desktomy.Email.Api.Tests.Console;

/// <summary>Deliveries and the support overview in the browser.</summary>
[Collection(ConsoleTestGroup.Name)]
public sealed class DeliveriesScreenTests(ConsoleBrowser browser)
{
    [Fact]
    public async Task a_tenant_admin_filters_the_deliveries_and_opens_one_with_its_transport_version_and_message_id()
    {
        const string tenant = "console-deliveries";
        var (id, messageId) = await SentMailAsync(tenant, "Faktura 12/2026");
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, $"admin-of-{tenant}", "tenant-admin", tenant);
        await page.GotoAsync($"/admin/tenants/{tenant}/deliveries");

        await page.SelectOptionAsync("#status", "Failed");
        await page.ClickAsync("form.filters button");
        Assert.Equal("Brak wiadomości.", await page.InnerTextAsync("main p:not(.crumbs)"));
        await page.SelectOptionAsync("#status", "Sent");
        await page.ClickAsync("form.filters button");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await page.ClickAsync("a:text('Faktura 12/2026')");

        var detail = await page.InnerTextAsync("#delivery");
        Assert.EndsWith($"/deliveries/{id}", page.Url, StringComparison.Ordinal);
        Assert.Equal("Wysłana", await page.InnerTextAsync("#delivery-status"));
        Assert.Contains(messageId, detail, StringComparison.Ordinal);
        Assert.Contains("serwer DESKTOMY", detail, StringComparison.Ordinal);
        Assert.Contains("Biuro Acme <automat@desktomy.pl>", detail, StringComparison.Ordinal);
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task a_failed_delivery_shows_its_stage_and_code_and_after_a_retry_keeps_the_earlier_attempts_beside_the_new_ones()
    {
        const string tenant = "console-retry";
        var refusing = true;
        await using var server = await MailCatcherServer.StartAsync(new MailCatcherOptions { Responder = _ => Volatile.Read(ref refusing) ? new SmtpReply(550, "Mailbox full") : null });
        using var api = browser.Service.Client(Identity.TenantAdmin(tenant));
        await api.PutAsJsonAsync($"/api/v1/tenants/{tenant}/email-settings/primary-email", new { primaryEmail = "biuro@acme.pl" });
        var smtp = await api.PutAsJsonAsync($"/api/v1/tenants/{tenant}/email-settings/smtp", new { senderEmail = "poczta@acme.pl", host = "127.0.0.1", port = server.Port, security = "None" });
        Assert.True(smtp.IsSuccessStatusCode, await smtp.Content.ReadAsStringAsync());
        var id = await QueueAsync(api, tenant, "Nieudana");
        await StatusAsync(api, tenant, id, "Failed");
        Volatile.Write(ref refusing, false);
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, $"admin-of-{tenant}", "tenant-admin", tenant);
        await page.GotoAsync($"/admin/tenants/{tenant}/deliveries/{id}");

        Assert.Contains("SMTP 550", await page.InnerTextAsync("#delivery-error"), StringComparison.Ordinal);
        Assert.Contains("własny serwer SMTP", await page.InnerTextAsync("#delivery"), StringComparison.Ordinal);
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await page.ClickAsync("button:text('Wyślij ponownie')");
        // The retry's page (after the form's redirect) shows the new series: reloading before it has loaded races its navigation.
        await Assertions.Expect(page.Locator("#series-2-section")).ToBeVisibleAsync();

        await StatusAsync(api, tenant, id, "Sent");
        await page.ReloadAsync();
        Assert.Equal("Wysłana", await page.InnerTextAsync("#delivery-status"));
        Assert.Single(server.Messages);
        var first = await page.InnerTextAsync("#series-1-section");
        Assert.Contains("Seria 1: przyjęta", first, StringComparison.Ordinal);
        Assert.Contains("nieudana", first, StringComparison.Ordinal);
        Assert.Contains("SMTP 550", first, StringComparison.Ordinal);
        Assert.Contains("Mailbox full", first, StringComparison.Ordinal);
        var second = await page.InnerTextAsync("#series-2-section");
        Assert.Contains($"Seria 2: ponowienie zlecone przez admin-of-{tenant}", second, StringComparison.Ordinal);
        Assert.Contains("wysłana", second, StringComparison.Ordinal);
        Assert.DoesNotContain("550", second, StringComparison.Ordinal);
        Assert.Equal("2", await page.InnerTextAsync("#delivery-attempts"));
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task support_sees_every_tenant_in_the_overview_and_finds_one_by_search()
    {
        await SentMailAsync("console-overview-a", "A");
        await SentMailAsync("console-overview-b", "B");
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, "support-1", "support");

        Assert.EndsWith("/admin/tenants", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#q", "console-overview");
        await page.ClickAsync("form.filters button");
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(2);
        Assert.Contains("console-overview-a", await page.InnerTextAsync("tbody"), StringComparison.Ordinal);
        await page.FillAsync("#q", "overview-b");
        await page.ClickAsync("form.filters button");

        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
        Assert.Contains("console-overview-b", await page.InnerTextAsync("tbody"), StringComparison.Ordinal);
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task a_tenant_whose_mail_fails_comes_first_in_the_overview_however_many_tenants_come_before_it_by_name()
    {
        foreach (var n in Enumerable.Range(0, 51))
        {
            using var each = browser.Service.Client(Identity.TenantAdmin($"aa-console-many-{n:00}"));
            Assert.True((await each.PutAsJsonAsync($"/api/v1/tenants/aa-console-many-{n:00}/email-settings/primary-email", new { primaryEmail = "biuro@acme.pl" })).IsSuccessStatusCode);
        }

        const string tenant = "zz-console-failing";
        await using var server = await MailCatcherServer.StartAsync(new MailCatcherOptions { Responder = _ => new SmtpReply(550, "Mailbox unavailable") });
        using var api = browser.Service.Client(Identity.TenantAdmin(tenant));
        await api.PutAsJsonAsync($"/api/v1/tenants/{tenant}/email-settings/primary-email", new { primaryEmail = "biuro@acme.pl" });
        var smtp = await api.PutAsJsonAsync($"/api/v1/tenants/{tenant}/email-settings/smtp", new { senderEmail = "poczta@acme.pl", host = "127.0.0.1", port = server.Port, security = "None" });
        Assert.True(smtp.IsSuccessStatusCode, await smtp.Content.ReadAsStringAsync());
        await StatusAsync(api, tenant, await QueueAsync(api, tenant, "Nie dojdzie"), "Failed");
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, "support-1", "support");

        var failing = await page.Locator("tbody tr.failing th").AllInnerTextsAsync();
        Assert.Contains(tenant, failing);
        Assert.Equal(failing, (await page.Locator("tbody tr th").AllInnerTextsAsync()).Take(failing.Count));
        Assert.Equal("127.0.0.1", await page.InnerTextAsync($"tbody tr:has(a:text-is('{tenant}')) td:nth-child(3)"));
        Assert.Equal(50, await page.Locator("tbody tr").CountAsync());
        Assert.Equal("Nie wszyscy klienci są pokazani: zawęź listę wyszukiwaniem.", await page.InnerTextAsync("#more-tenants"));
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }

    private async Task<(string Id, string MessageId)> SentMailAsync(string tenant, string subject)
    {
        using var api = browser.Service.Client(Identity.TenantAdmin(tenant));
        await api.PutAsJsonAsync($"/api/v1/tenants/{tenant}/email-settings/primary-email", new { primaryEmail = "biuro@acme.pl" });
        await api.PutAsJsonAsync($"/api/v1/tenants/{tenant}/email-settings/sender-name", new { senderName = "Biuro Acme" });
        var id = await QueueAsync(api, tenant, subject);
        var delivery = await StatusAsync(api, tenant, id, "Sent");
        return (id, delivery["messageId"]!.GetValue<string>());
    }

    private static async Task<string> QueueAsync(HttpClient api, string tenant, string subject)
    {
        var queued = await (await api.PostAsJsonAsync($"/api/v1/tenants/{tenant}/emails", new { to = new[] { "jan@klient.pl" }, subject, textBody = "x" }))
            .Content.ReadFromJsonAsync<JsonObject>();
        return queued!["id"]!.GetValue<string>();
    }

    /// <summary>Polls the API until the delivery reaches <paramref name="status"/> (the queue works in the background).</summary>
    private static async Task<JsonObject> StatusAsync(HttpClient api, string tenant, string id, string status)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var delivery = await api.GetFromJsonAsync<JsonObject>($"/api/v1/tenants/{tenant}/emails/{id}");
            if (delivery!["status"]!.GetValue<string>() == status)
            {
                return delivery;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"the mail did not become {status}: {delivery}");
            await Task.Delay(100);
        }
    }
}
