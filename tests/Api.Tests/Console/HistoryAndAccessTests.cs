using System.Net.Http.Json;
using Desktomy.Email.Api.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Desktomy.Email.Api.Tests.Console;

/// <summary>History, diff and rollback in the browser, and the API's rules for who sees and changes what.</summary>
[Collection(ConsoleTestGroup.Name)]
public sealed class HistoryAndAccessTests(ConsoleBrowser browser)
{
    [Fact]
    public async Task the_history_shows_who_changed_what_and_a_diff_of_two_versions()
    {
        await ThreeVersionsAsync("console-history");
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, "auditor-1", "auditor");
        await page.GotoAsync("/admin/tenants/console-history/history");

        var rows = page.Locator("tbody tr");
        Assert.Equal(3, await rows.CountAsync());
        Assert.Contains("Nazwa nadawcy: Acme → Biuro Acme", await rows.Nth(0).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("admin-of-console-history", await rows.Nth(0).InnerTextAsync(), StringComparison.Ordinal);
        await page.CheckAsync("input[name=from][value='1']");
        await page.CheckAsync("input[name=to][value='3']");
        await page.ClickAsync("form:has(table) button[type=submit]");

        var diff = await page.InnerTextAsync("#diff");
        Assert.Contains("Różnice między wersją 1 a 3", diff, StringComparison.Ordinal);
        Assert.Contains("Nazwa nadawcy: (puste) → Biuro Acme", diff, StringComparison.Ordinal);
        await ConsoleBrowser.AssertAccessibleAsync(page);

        await page.ClickAsync("a[aria-label='Pokaż wersję 2']");
        Assert.Contains("Ustawienia w wersji 2", await page.InnerTextAsync("#as-of"), StringComparison.Ordinal);
        Assert.Contains("Acme <automat@desktomy.pl>", await page.InnerTextAsync("#as-of"), StringComparison.Ordinal);
        var csv = await page.APIRequest.GetAsync("/admin/tenants/console-history/history?handler=Csv");
        Assert.Equal("text/csv", csv.Headers["content-type"].Split(';')[0]);
        Assert.Contains("SenderNameChanged", await csv.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_settings_are_shown_as_of_a_date_and_time_entered_in_the_users_local_time()
    {
        await ThreeVersionsAsync("console-as-of");
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, "auditor-1", "auditor");
        await page.GotoAsync("/admin/tenants/console-as-of/history");
        var warsaw = TimeZoneInfo.FindSystemTimeZoneById("Europe/Warsaw");
        string Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, warsaw).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

        await page.FillAsync("#asOf", Local(DateTimeOffset.UtcNow.AddHours(-3)));
        await page.ClickAsync("form:has(#asOf) button[type=submit]");

        Assert.Equal("W tej chwili ustawienia jeszcze nie istniały.", await page.InnerTextAsync("#asOf-error"));
        Assert.Equal("true", await page.GetAttributeAsync("#asOf", "aria-invalid"));
        await ConsoleBrowser.AssertAccessibleAsync(page);

        await page.FillAsync("#asOf", Local(DateTimeOffset.UtcNow.AddMinutes(2)));
        await page.ClickAsync("form:has(#asOf) button[type=submit]");

        Assert.Contains("Ustawienia w wersji 3", await page.InnerTextAsync("#as-of"), StringComparison.Ordinal);
        Assert.Contains("Biuro Acme <automat@desktomy.pl>", await page.InnerTextAsync("#as-of"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task support_rolls_back_with_a_required_reason_after_a_confirmation_that_shows_the_diff()
    {
        await ThreeVersionsAsync("console-rollback");
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, "support-1", "support");
        await page.GotoAsync("/admin/tenants/console-rollback/history");
        await page.ClickAsync("a[aria-label='Przywróć wersję 2']");

        Assert.Contains("Nazwa nadawcy: Biuro Acme → Acme", await page.InnerTextAsync("#diff"), StringComparison.Ordinal);
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await page.ClickAsync("button.danger");
        Assert.NotEmpty(await page.InnerTextAsync("#reason-error"));
        Assert.Equal("true", await page.GetAttributeAsync("#reason", "aria-invalid"));

        await page.FillAsync("#reason", "Klient prosił o powrót do starej nazwy");
        await page.ClickAsync("button.danger");

        Assert.Contains("Przywrócono", await page.InnerTextAsync(".notice[role=status]"), StringComparison.Ordinal);
        var newest = await page.Locator("tbody tr").Nth(0).InnerTextAsync();
        Assert.Contains("Klient prosił o powrót do starej nazwy", newest, StringComparison.Ordinal);
        Assert.Contains("support-1", newest, StringComparison.Ordinal);
        using var api = browser.Service.Client(Identity.Auditor);
        var view = await api.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/v1/tenants/console-rollback/email-settings");
        Assert.Equal("Acme", view!["senderName"]!.GetValue<string>());
        Assert.Equal(4, view["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task an_auditor_sees_the_settings_but_no_form_that_writes_and_cannot_post_one()
    {
        await ThreeVersionsAsync("console-auditor");
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, "auditor-1", "auditor");
        await page.GotoAsync("/admin/tenants/console-auditor/settings");

        Assert.Contains("biuro@acme.pl", await page.InnerTextAsync("dl.readonly"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("main form[method=post]").CountAsync());
        Assert.Equal(0, await page.Locator("main input, main select, main textarea").CountAsync());
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await page.GotoAsync("/admin/tenants/console-auditor/history");
        Assert.Equal(0, await page.Locator("a[href*='rollback']").CountAsync());

        var rollback = await page.GotoAsync("/admin/tenants/console-auditor/rollback?toVersion=1");
        Assert.Equal(403, rollback!.Status);
        Assert.EndsWith("/admin/denied", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_tenant_admin_cannot_reach_another_tenant_by_editing_the_url()
    {
        await ThreeVersionsAsync("console-other");
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, "mallory", "tenant-admin", "console-mine");

        foreach (var path in new[] { "settings", "history", "history?handler=Csv", "deliveries" })
        {
            var response = await page.GotoAsync($"/admin/tenants/console-other/{path}");
            Assert.Equal(403, response!.Status);
            Assert.DoesNotContain("biuro@acme.pl", await page.ContentAsync(), StringComparison.Ordinal);
        }

        Assert.Contains("innego klienta", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task an_address_that_names_nothing_is_a_page_saying_so_in_the_consoles_language()
    {
        await ThreeVersionsAsync("console-nothing");
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, "support-1", "support");

        await page.GotoAsync("/admin/tenants/console-nothing/deliveries/no-such-mail");
        Assert.EndsWith("/admin/not-found", page.Url, StringComparison.Ordinal);
        Assert.Equal("Nie znaleziono", await page.InnerTextAsync("h1"));
        await ConsoleBrowser.AssertAccessibleAsync(page);
        var missing = await page.GotoAsync($"/admin/tenants/console-nothing/deliveries/{new string('x', 101)}");
        Assert.Equal(404, missing!.Status);
        missing = await page.GotoAsync("/admin/tenants/console-never-configured/rollback?toVersion=1");
        Assert.Equal(404, missing!.Status);
        Assert.Contains("nie ma jeszcze ustawień", await page.InnerTextAsync("main"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_language_switch_shows_english_and_is_remembered()
    {
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, "admin-of-console-lang", "tenant-admin", "console-lang");
        Assert.Equal("pl", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("E-mail podstawowy *", await page.InnerTextAsync("label[for=primaryEmail]"));

        await page.ClickAsync("button[lang=en]");

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        Assert.Equal("Primary e-mail *", await page.InnerTextAsync("label[for=primaryEmail]"));
        Assert.Equal("Use my own SMTP settings", await page.InnerTextAsync("label[for=ownSmtp]"));
        await page.GotoAsync("/admin/tenants/console-lang/history");
        Assert.Equal("Change history", await page.InnerTextAsync("h1"));
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task console_pages_carry_a_strict_content_security_policy_and_load_nothing_from_elsewhere()
    {
        var page = await browser.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);

        var response = await page.GotoAsync("/admin/sign-in");

        var policy = response!.Headers["content-security-policy"];
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.All(requests, url => Assert.StartsWith(browser.Service.Address.GetLeftPart(UriPartial.Authority), url, StringComparison.Ordinal));
        Assert.Equal(1, await page.Locator("input[name=__RequestVerificationToken]").First.CountAsync());
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task the_local_inbox_is_there_only_in_development_and_signing_out_ends_the_session()
    {
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, "support-1", "support");

        var inbox = await page.GotoAsync("/admin/inbox");
        Assert.Equal(404, inbox!.Status);
        await page.GotoAsync("/admin/tenants");
        await page.ClickAsync("form[action='/admin/sign-out'] button");
        await Assertions.Expect(page.Locator("#subject")).ToBeVisibleAsync();
        await page.GotoAsync("/admin/tenants");
        Assert.Contains("/admin/sign-in", page.Url, StringComparison.Ordinal);
    }

    /// <summary>Version 1: primary e-mail; 2: sender name "Acme"; 3: sender name "Biuro Acme".</summary>
    private async Task ThreeVersionsAsync(string tenant)
    {
        using var api = browser.Service.Client(Identity.TenantAdmin(tenant));
        await api.PutAsJsonAsync($"/api/v1/tenants/{tenant}/email-settings/primary-email", new { primaryEmail = "biuro@acme.pl" });
        await api.PutAsJsonAsync($"/api/v1/tenants/{tenant}/email-settings/sender-name", new { senderName = "Acme" });
        await api.PutAsJsonAsync($"/api/v1/tenants/{tenant}/email-settings/sender-name", new { senderName = "Biuro Acme" });
    }
}
