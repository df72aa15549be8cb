using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Desktomy.Email.Api.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Desktomy.Email.Api.Tests.Console;

/// <summary>
/// Every screen, in Polish and in English: accessible (axe), at most 150 kB with its stylesheet and script, nothing
/// from outside the service, dates in the browser's zone. Each is photographed into <c>DESKTOMY_SCREENSHOTS</c>
/// (default: a temporary folder); scripts/console-screenshots.sh points it at docs/console.
/// </summary>
[Collection(ConsoleTestGroup.Name)]
public sealed class ConsoleScreensTests(ConsoleBrowser browser)
{
    private const string Tenant = "acme-screens";
    private const int MaxPageBytes = 150 * 1024;

    [Fact]
    public async Task every_screen_in_both_languages_is_accessible_light_and_served_by_the_service_alone()
    {
        var deliveryId = await TenantWithHistoryAndMailAsync();
        var folder = Environment.GetEnvironmentVariable("DESKTOMY_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "desktomy-console-screenshots");
        Directory.CreateDirectory(folder);
        (string Name, string Role, string Path)[] screens =
        [
            ("sign-in", "", "/admin/sign-in"),
            ("settings", "tenant-admin", $"/admin/tenants/{Tenant}/settings"),
            ("settings-read-only", "auditor", $"/admin/tenants/{Tenant}/settings"),
            ("history", "support", $"/admin/tenants/{Tenant}/history?from=1&to=4#diff"),
            ("rollback", "support", $"/admin/tenants/{Tenant}/rollback?toVersion=2"),
            ("deliveries", "support", $"/admin/tenants/{Tenant}/deliveries"),
            ("delivery", "support", $"/admin/tenants/{Tenant}/deliveries/{deliveryId}"),
            ("overview", "support", "/admin/tenants"),
        ];

        foreach (var language in new[] { "pl", "en" })
        {
            foreach (var (name, role, path) in screens)
            {
                var page = await browser.NewPageAsync();
                await page.SetViewportSizeAsync(1100, 850);
                if (role.Length > 0)
                {
                    await ConsoleBrowser.SignInAsync(page, role == "tenant-admin" ? "anna.nowak" : $"{role}-1", role, role == "tenant-admin" ? Tenant : null);
                }

                await page.GotoAsync("/admin/sign-in");
                if (language == "en")
                {
                    await page.ClickAsync("button[lang=en]");
                    await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
                }

                var bytes = 0L;
                var foreign = new List<string>();
                page.Response += (_, response) =>
                {
                    if (!response.Url.StartsWith(browser.Service.Address.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal))
                    {
                        foreign.Add(response.Url);
                    }
                };
                page.RequestFinished += async (_, request) =>
                {
                    var sizes = await request.SizesAsync();
                    Interlocked.Add(ref bytes, sizes.ResponseBodySize + sizes.ResponseHeadersSize);
                };
                await page.GotoAsync(path);
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

                Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
                Assert.Empty(foreign);
                Assert.InRange(Interlocked.Read(ref bytes), 1, MaxPageBytes);
                await ConsoleBrowser.AssertAccessibleAsync(page);
                if (role.Length > 0)
                {
                    Assert.Contains("Europe/Warsaw", await page.InnerTextAsync("footer"), StringComparison.Ordinal);
                }

                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{language}.png") });
                await page.Context.CloseAsync();
            }
        }
    }

    /// <summary>Four versions (own SMTP on the plain test server) and one sent mail.</summary>
    private async Task<string> TenantWithHistoryAndMailAsync()
    {
        using var api = browser.Service.Client(Identity.TenantAdmin(Tenant));
        var settings = $"/api/v1/tenants/{Tenant}/email-settings";
        if ((await api.GetAsync(settings)).IsSuccessStatusCode)
        {
            return (await api.GetFromJsonAsync<JsonObject>($"/api/v1/tenants/{Tenant}/emails"))!["items"]![0]!["id"]!.GetValue<string>();
        }

        await api.PutAsJsonAsync($"{settings}/primary-email", new { primaryEmail = "biuro@acme.pl" });
        await api.PutAsJsonAsync($"{settings}/sender-name", new { senderName = "Acme" });
        await api.PutAsJsonAsync($"{settings}/sender-name", new { senderName = "Biuro Acme" });
        var smtp = await api.PutAsJsonAsync($"{settings}/smtp", new
        {
            senderEmail = "poczta@acme.pl", host = "127.0.0.1", port = browser.Smtp.Plain.Port, security = "None",
            username = SmtpServers.Username, password = SmtpServers.Password,
        });
        Assert.True(smtp.IsSuccessStatusCode, await smtp.Content.ReadAsStringAsync());
        var queued = await (await api.PostAsJsonAsync($"/api/v1/tenants/{Tenant}/emails", new { to = new[] { "jan@klient.pl" }, subject = "Faktura 12/2026", textBody = "W załączniku." }))
            .Content.ReadFromJsonAsync<JsonObject>();
        return queued!["id"]!.GetValue<string>();
    }
}
