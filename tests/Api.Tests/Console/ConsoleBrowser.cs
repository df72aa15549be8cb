using System.Security.Cryptography;
using Deque.AxeCore.Playwright;
using Desktomy.Email.Api.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Desktomy.Email.Api.Tests.Console;

/// <summary>
/// One real service process on a loopback port, the test SMTP servers, and one Chromium (Debian's package) for the
/// whole console test run; each test gets its own browser context (its own cookies).
/// </summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string _schema = $"console_{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
    private IPlaywright _playwright = null!;

    public SmtpServers Smtp { get; } = new();

    public ServiceProcess Service { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Smtp.StartAsync();
        var settings = ServiceProcess.BaseSettings(_schema, Smtp.Platform.Port);
        settings["Mail:AllowPrivateHosts"] = "true";
        Service = await ServiceProcess.StartAsync(settings);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Service.DisposeAsync();
        await Smtp.DisposeAsync();
        await TestDatabase.DropSchemasAsync(_schema);
    }

    /// <summary>A fresh context (no cookies), every request outside the service refused so that nothing can leak out.</summary>
    public Task<IPage> NewPageAsync() => NewPageAsync(Service.Address);

    /// <summary>A page on <paramref name="service"/>; requests may go there and to <paramref name="alsoAllowed"/> only.</summary>
    public async Task<IPage> NewPageAsync(Uri service, params string[] alsoAllowed)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = service.ToString(), TimezoneId = "Europe/Warsaw" });
        string[] origins = [service.GetLeftPart(UriPartial.Authority), .. alsoAllowed];
        await context.RouteAsync("**/*", route =>
            origins.Any(origin => route.Request.Url.StartsWith(origin + "/", StringComparison.Ordinal)) ? route.ContinueAsync() : route.AbortAsync());
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000); // generous: CI shares two cores with the service, PostgreSQL and the browser
        return page;
    }

    /// <summary>Signs in through the development sign-in page.</summary>
    public static async Task SignInAsync(IPage page, string user, string role, string? tenant = null)
    {
        await page.GotoAsync("/admin");
        await page.FillAsync("#subject", user);
        await page.SelectOptionAsync("#role", role);
        await page.FillAsync("#tenant", tenant ?? string.Empty);
        await page.ClickAsync("form.card button[type=submit]");
        // Signed in when the page that follows offers to sign out (a load-state wait can catch the sign-in page itself).
        await page.Locator("form[action='/admin/sign-out']").WaitForAsync(new() { Timeout = 60_000 });
    }

    /// <summary>axe-core on the page as it is now: no violations, or the list of them.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var violations = string.Join("\n", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))})"));
        Assert.True(result.Violations.Length == 0, $"{page.Url}:\n{violations}");
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleTestGroup : ICollectionFixture<ConsoleBrowser>
{
    public const string Name = "Console in a browser";
}
