using System.Net.Http.Json;
using Desktomy.Email.Api.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Desktomy.Email.Api.Tests.Console;

/// <summary>The E-mail screen in a real browser: the product note's two sections, the preview, saving, testing, refusals.</summary>
[Collection(ConsoleTestGroup.Name)]
public sealed class SettingsScreenTests(ConsoleBrowser browser)
{
    [Fact]
    public async Task a_tenant_admin_signs_in_and_sets_the_primary_email_and_sender_name()
    {
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, "alice", "tenant-admin", "console-primary");

        Assert.EndsWith("/admin/tenants/console-primary/settings", page.Url, StringComparison.Ordinal);
        Assert.Equal("E-mail – Ogólne", await page.InnerTextAsync("#general-title"));
        await page.FillAsync("#primaryEmail", "biuro@acme.pl");
        await page.FillAsync("#senderName", "Biuro Acme");
        await page.ClickAsync("form.card:has(#primaryEmail) button[type=submit]");

        Assert.Equal("Zapisano.", await page.InnerTextAsync(".notice[role=status]"));
        Assert.Equal("biuro@acme.pl", await page.InputValueAsync("#primaryEmail"));
        Assert.Equal("Biuro Acme <automat@desktomy.pl>", await page.InnerTextAsync("#preview-from"));
        Assert.Equal("biuro@acme.pl", await page.InnerTextAsync("#preview-reply-to"));
        using var api = browser.Service.Client(Identity.TenantAdmin("console-primary"));
        var view = await api.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/v1/tenants/console-primary/email-settings");
        Assert.Equal("alice", view!["updatedBy"]!.GetValue<string>());
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task a_port_out_of_range_is_shown_at_the_port_field_and_nothing_is_saved()
    {
        var page = await SignedInWithSettingsAsync("console-port");

        await page.CheckAsync("#ownSmtp");
        await page.FillAsync("#senderEmail", "poczta@acme.pl");
        await page.FillAsync("#host", "127.0.0.1");
        await page.FillAsync("#port", "70000");
        await page.ClickAsync("form.smtp .actions button:not(.secondary)");

        Assert.Equal("Port musi być liczbą od 1 do 65535.", await page.InnerTextAsync("#port-error"));
        Assert.Equal("true", await page.GetAttributeAsync("#port", "aria-invalid"));
        Assert.Contains("port-error", await page.GetAttributeAsync("#port", "aria-describedby") ?? "", StringComparison.Ordinal);
        Assert.Equal("70000", await page.InputValueAsync("#port"));
        using var api = browser.Service.Client(Identity.TenantAdmin("console-port"));
        var view = await api.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/v1/tenants/console-port/email-settings");
        Assert.Null(view!["ownSmtp"]);
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task the_use_cases_refusals_are_shown_at_their_fields_in_polish_and_in_english_after_the_switch()
    {
        var page = await SignedInWithSettingsAsync("console-words");

        await page.FillAsync("#primaryEmail", "biuro@acme");
        await page.ClickAsync("form.card:has(#primaryEmail) button[type=submit]");

        Assert.Equal("Domena po @ nie jest poprawną nazwą domeny.", await page.InnerTextAsync("#primaryEmail-error"));
        Assert.Equal("true", await page.GetAttributeAsync("#primaryEmail", "aria-invalid"));
        await page.CheckAsync("#ownSmtp");
        await page.FillAsync("#senderEmail", "poczta@acme.pl");
        await page.FillAsync("#host", "smtp acme pl");
        await page.FillAsync("#port", "0");
        await page.ClickAsync("form.smtp .actions button:not(.secondary)");

        Assert.Equal("Port musi być liczbą od 1 do 65535.", await page.InnerTextAsync("#port-error"));
        Assert.Equal("Serwer SMTP musi być nazwą serwera (np. smtp.example.com) albo adresem IP.", await page.InnerTextAsync("#host-error"));
        await ConsoleBrowser.AssertAccessibleAsync(page);

        await page.ClickAsync("button[lang=en]");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.FillAsync("#primaryEmail", "biuro@acme");
        await page.ClickAsync("form.card:has(#primaryEmail) button[type=submit]");

        Assert.Equal("The domain after @ is not a valid domain name.", await page.InnerTextAsync("#primaryEmail-error"));
    }

    [Fact]
    public async Task a_failed_connection_test_shows_its_stage_and_hint_at_the_server_field()
    {
        var page = await SignedInWithSettingsAsync("console-test");

        await page.CheckAsync("#ownSmtp");
        await page.FillAsync("#senderEmail", "poczta@acme.pl");
        await page.FillAsync("#host", "127.0.0.1");
        await page.FillAsync("#port", browser.Smtp.ClosedPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("#security", "None");
        await page.ClickAsync("form.smtp button.secondary");

        Assert.Equal("połączenie", await page.InnerTextAsync("#smtp-failure .stage-name"));
        Assert.Contains("Sprawdź nazwę serwera SMTP i port.", await page.InnerTextAsync("#smtp-failure"), StringComparison.Ordinal);
        Assert.Equal("true", await page.GetAttributeAsync("#host", "aria-invalid"));
        Assert.Equal($"Serwer 127.0.0.1:{browser.Smtp.ClosedPort} odmówił połączenia: sprawdź nazwę serwera SMTP i port.", await page.InnerTextAsync("#host-error"));
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task own_smtp_is_saved_after_verification_with_the_password_shown_only_as_set_and_the_plaintext_warning()
    {
        var page = await SignedInWithSettingsAsync("console-smtp");

        await page.CheckAsync("#ownSmtp");
        await page.FillAsync("#senderEmail", "poczta@acme.pl");
        await page.FillAsync("#host", "127.0.0.1");
        await page.FillAsync("#port", browser.Smtp.Plain.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("#security", "None");
        await page.FillAsync("#username", SmtpServers.Username);
        await page.FillAsync("#password", SmtpServers.Password);
        await page.ClickAsync("form.smtp .actions button:not(.secondary)");

        Assert.Equal("Zapisano.", await page.InnerTextAsync(".notice[role=status]"));
        Assert.True(await page.IsCheckedAsync("#ownSmtp"));
        Assert.Equal(string.Empty, await page.InputValueAsync("#password"));
        Assert.Contains("Hasło jest ustawione", await page.InnerTextAsync("#password-help"), StringComparison.Ordinal);
        Assert.Contains("bez szyfrowania", await page.InnerTextAsync(".warning"), StringComparison.Ordinal);
        Assert.Equal("Biuro Acme <poczta@acme.pl>", await page.InnerTextAsync("#preview-from"));
        Assert.Equal("własny serwer SMTP", await page.InnerTextAsync("#preview-transport"));
        Assert.DoesNotContain(SmtpServers.Password, await page.ContentAsync(), StringComparison.Ordinal);
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task the_settings_are_changed_and_saved_with_the_keyboard_alone()
    {
        var page = await SignedInWithSettingsAsync("console-keyboard");

        await TabToAsync(page, "primaryEmail");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("kontakt@acme.pl");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator(".notice[role=status]")).ToHaveTextAsync("Zapisano.");
        Assert.Equal("kontakt@acme.pl", await page.InputValueAsync("#primaryEmail"));
        await TabToAsync(page, "ownSmtp");
        await page.Keyboard.PressAsync("Space");
        Assert.True(await page.IsCheckedAsync("#ownSmtp"));
        await TabToAsync(page, "advanced-summary");
        await page.Keyboard.PressAsync("Enter");
        Assert.True(await page.Locator("details.advanced").EvaluateAsync<bool>("d => d.open"));
    }

    [Fact]
    public async Task the_live_preview_follows_what_the_admin_types()
    {
        var page = await SignedInWithSettingsAsync("console-preview");

        await page.FillAsync("#senderName", "Nowa Nazwa");
        Assert.Equal("Nowa Nazwa <automat@desktomy.pl>", await page.InnerTextAsync("#preview-from"));
        await page.CheckAsync("#ownSmtp");
        await page.FillAsync("#senderEmail", "poczta@nowa.pl");

        Assert.Equal("Nowa Nazwa <poczta@nowa.pl>", await page.InnerTextAsync("#preview-from"));
        Assert.Equal("–", await page.InnerTextAsync("#preview-reply-to"));
        Assert.Equal("własny serwer SMTP", await page.InnerTextAsync("#preview-transport"));
    }

    [Fact]
    public async Task a_change_made_meanwhile_through_the_api_is_shown_with_who_and_what_and_never_overwritten()
    {
        var page = await SignedInWithSettingsAsync("console-412");
        using var api = browser.Service.Client(Identity.TenantAdmin("console-412"));
        var meanwhile = await api.PutAsJsonAsync("/api/v1/tenants/console-412/email-settings/sender-name", new { senderName = "Zmiana w API" });
        Assert.True(meanwhile.IsSuccessStatusCode);

        await page.FillAsync("#senderName", "Zmiana w konsoli");
        await page.ClickAsync("form.card:has(#primaryEmail) button[type=submit]");

        var conflict = await page.InnerTextAsync(".conflict");
        Assert.Contains("admin-of-console-412", conflict, StringComparison.Ordinal);
        Assert.Contains("Nazwa nadawcy: Biuro Acme → Zmiana w API", conflict, StringComparison.Ordinal);
        Assert.Equal("Zmiana w konsoli", await page.InputValueAsync("#senderName"));
        var view = await api.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/v1/tenants/console-412/email-settings");
        Assert.Equal("Zmiana w API", view!["senderName"]!.GetValue<string>());

        await page.ClickAsync(".conflict a");
        await Assertions.Expect(page.Locator("#senderName")).ToHaveValueAsync("Zmiana w API");
    }

    /// <summary>Presses Tab until the element with <paramref name="id"/> has the focus, as a keyboard user would.</summary>
    private static async Task TabToAsync(IPage page, string id)
    {
        for (var presses = 0; presses < 60 && await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''") != id; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal(id, await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''"));
    }

    private async Task<IPage> SignedInWithSettingsAsync(string tenant)
    {
        using var api = browser.Service.Client(Identity.TenantAdmin(tenant));
        await api.PutAsJsonAsync($"/api/v1/tenants/{tenant}/email-settings/primary-email", new { primaryEmail = "biuro@acme.pl" });
        await api.PutAsJsonAsync($"/api/v1/tenants/{tenant}/email-settings/sender-name", new { senderName = "Biuro Acme" });
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, $"admin-of-{tenant}", "tenant-admin", tenant);
        return page;
    }
}
