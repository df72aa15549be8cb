using Desktomy.Email.Api.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Desktomy.Email.Api.Tests.Console;

/// <summary>The own-SMTP form's OAuth 2.0 fields: the contract's oauth2 object, its errors at their fields, secrets never shown.</summary>
[Collection(ConsoleTestGroup.Name)]
public sealed class OAuth2FormTests(ConsoleBrowser browser)
{
    [Fact]
    public async Task a_google_private_key_that_is_no_key_is_shown_at_its_field_without_echoing_it_and_nothing_is_saved()
    {
        const string tenant = "console-oauth2";
        const string notAKey = "-----BEGIN PRIVATE KEY-----\nnot-really-a-key-4711\n-----END PRIVATE KEY-----";
        using var api = browser.Service.Client(Identity.TenantAdmin(tenant));
        await System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(api, $"/api/v1/tenants/{tenant}/email-settings/primary-email", new { primaryEmail = "biuro@acme.pl" });
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, "alice", "tenant-admin", tenant);

        await page.CheckAsync("#ownSmtp");
        await page.FillAsync("#senderEmail", "poczta@acme.pl");
        await page.FillAsync("#host", "127.0.0.1");
        await page.FillAsync("#port", "465");
        await page.FillAsync("#username", "poczta@acme.pl");
        await page.Locator("details.advanced summary").ClickAsync();
        await page.SelectOptionAsync("#oauth2Provider", "Google");
        await page.FillAsync("#clientEmail", "mailer@acme-project.iam.gserviceaccount.com");
        await page.FillAsync("#privateKey", notAKey);
        await page.ClickAsync("form.smtp .actions button:not(.secondary)");

        Assert.Equal("true", await page.GetAttributeAsync("#privateKey", "aria-invalid"));
        Assert.NotEmpty(await page.InnerTextAsync("#privateKey-error"));
        Assert.Equal(string.Empty, await page.InputValueAsync("#privateKey"));
        Assert.DoesNotContain("not-really-a-key-4711", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal("Google", await page.InputValueAsync("#oauth2Provider"));
        var view = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(api, $"/api/v1/tenants/{tenant}/email-settings");
        Assert.Null(view!["ownSmtp"]);
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task a_token_the_provider_refuses_is_shown_with_its_stage_and_hint_at_the_oauth2_fields_in_polish()
    {
        const string tenant = "console-oauth2-token";
        await using var tokens = await OAuth2TokenServer.StartAsync();
        using var api = browser.Service.Client(Identity.TenantAdmin(tenant));
        await System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(api, $"/api/v1/tenants/{tenant}/email-settings/primary-email", new { primaryEmail = "biuro@acme.pl" });
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, "alice", "tenant-admin", tenant);

        await page.CheckAsync("#ownSmtp");
        await page.FillAsync("#senderEmail", "poczta@acme.pl");
        await page.FillAsync("#host", "127.0.0.1");
        await page.FillAsync("#port", browser.Smtp.Plain.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("#security", "None");
        await page.FillAsync("#username", "poczta@acme.pl");
        await page.Locator("details.advanced summary").ClickAsync();
        await page.SelectOptionAsync("#oauth2Provider", "Generic");
        await page.FillAsync("#tokenEndpoint", tokens.GenericTokenEndpoint);
        await page.FillAsync("#clientId", "unknown-app");
        await page.FillAsync("#clientSecret", "not-the-secret-4711");
        await page.ClickAsync("form.smtp button.secondary");

        Assert.Equal("token OAuth", await page.InnerTextAsync("#smtp-failure .stage-name"));
        Assert.Contains("Sprawdź dane aplikacji OAuth.", await page.InnerTextAsync("#smtp-failure"), StringComparison.Ordinal);
        Assert.StartsWith("Serwer tokenów nie akceptuje tej aplikacji", await page.InnerTextAsync("#oauth2Provider-error"), StringComparison.Ordinal);
        Assert.Equal("true", await page.GetAttributeAsync("#oauth2Provider", "aria-invalid"));
        Assert.DoesNotContain("not-the-secret-4711", await page.ContentAsync(), StringComparison.Ordinal);
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }
}
