using System.Net.Http.Json;
using System.Security.Cryptography;
using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.MailCatcher;
using Microsoft.Playwright;

namespace Desktomy.Email.Api.Tests.Console;

/// <summary>
/// In Development the console shows the mail the local mail catcher saved: the service runs as "Development", its
/// platform server is a catcher writing <c>.eml</c> files into the folder the inbox reads (as scripts/run.sh does).
/// </summary>
[Collection(ConsoleTestGroup.Name)]
public sealed class LocalInboxScreenTests(ConsoleBrowser browser) : IAsyncLifetime
{
    private const string Tenant = "console-inbox";
    private readonly string _schema = $"console_inbox_{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"desktomy-inbox-{Guid.NewGuid():N}");
    private MailCatcherServer _catcher = null!;
    private ServiceProcess _service = null!;

    public async Task InitializeAsync()
    {
        _catcher = await MailCatcherServer.StartAsync(new MailCatcherOptions { OutputDirectory = _folder });
        var settings = ServiceProcess.BaseSettings(_schema, _catcher.Port);
        settings["ASPNETCORE_ENVIRONMENT"] = "Development";
        settings["Console:LocalInbox"] = _folder;
        _service = await ServiceProcess.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        await _catcher.DisposeAsync();
        await TestDatabase.DropSchemasAsync(_schema);
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task a_test_message_arrives_in_the_local_inbox_with_the_previewed_from_and_reply_to_in_both_languages()
    {
        using var api = _service.Client(Identity.TenantAdmin(Tenant));
        await api.PutAsJsonAsync($"/api/v1/tenants/{Tenant}/email-settings/primary-email", new { primaryEmail = "biuro@acme.pl" });
        await api.PutAsJsonAsync($"/api/v1/tenants/{Tenant}/email-settings/sender-name", new { senderName = "Biuro Acme" });
        var page = await browser.NewPageAsync(_service.Address);
        await page.SetViewportSizeAsync(1100, 850);
        await ConsoleBrowser.SignInAsync(page, "anna.nowak", "tenant-admin", Tenant);
        var previewFrom = await page.InnerTextAsync("#preview-from");
        var previewReplyTo = await page.InnerTextAsync("#preview-reply-to");

        await page.FillAsync("#testMessageTo", "jan@klient.pl");
        await page.ClickAsync("form.test-message button[type=submit]");
        await _catcher.WaitForMessageAsync(m => m.Message.To.ToString().Contains("jan@klient.pl", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        await page.ClickAsync("nav a[href='/admin/inbox']");
        await page.ClickAsync("tbody a");

        Assert.Equal(previewFrom, await page.InnerTextAsync("#mail-from"));
        Assert.Equal(previewReplyTo, await page.InnerTextAsync("#mail-reply-to"));
        Assert.Contains("To jest test ustawień e-mail w DESKTOMY", await page.InnerTextAsync("#mail pre"), StringComparison.Ordinal);
        Assert.Equal("Lokalna skrzynka", await page.InnerTextAsync("h1"));
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "pl");

        await page.ClickAsync("button[lang=en]");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        Assert.Equal("Local inbox", await page.InnerTextAsync("h1"));
        Assert.Equal(previewFrom, await page.InnerTextAsync("#mail-from"));
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "en");
    }

    /// <summary>Into <c>DESKTOMY_SCREENSHOTS</c> when scripts/console-screenshots.sh runs the console's screen tests.</summary>
    private static async Task ScreenshotAsync(IPage page, string language)
    {
        if (Environment.GetEnvironmentVariable("DESKTOMY_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"inbox-{language}.png") });
        }
    }
}
