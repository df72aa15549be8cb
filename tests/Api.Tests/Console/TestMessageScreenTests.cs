using System.Net.Http.Json;
using Desktomy.Email.Api.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Desktomy.Email.Api.Tests.Console;

/// <summary>"Send a test message" on the E-mail screen: a real mail, as the preview said it would look, and its delivery page.</summary>
[Collection(ConsoleTestGroup.Name)]
public sealed class TestMessageScreenTests(ConsoleBrowser browser)
{
    [Fact]
    public async Task a_test_message_arrives_with_the_previewed_from_and_reply_to_and_its_delivery_shows_it_sent()
    {
        const string tenant = "console-test-message";
        using var api = browser.Service.Client(Identity.TenantAdmin(tenant));
        await api.PutAsJsonAsync($"/api/v1/tenants/{tenant}/email-settings/primary-email", new { primaryEmail = "biuro@acme.pl" });
        await api.PutAsJsonAsync($"/api/v1/tenants/{tenant}/email-settings/sender-name", new { senderName = "Biuro Acme" });
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, "alice", "tenant-admin", tenant);
        var previewFrom = await page.InnerTextAsync("#preview-from");
        var previewReplyTo = await page.InnerTextAsync("#preview-reply-to");

        await page.FillAsync("#testMessageTo", "jan@klient.pl");
        await page.ClickAsync("form.test-message button[type=submit]");

        Assert.Contains($"/admin/tenants/{tenant}/deliveries/", page.Url, StringComparison.Ordinal);
        var mail = await browser.Smtp.Platform.WaitForMessageAsync(m => m.Message.To.ToString().Contains("jan@klient.pl", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        var from = mail.Message.From.Mailboxes.Single();
        Assert.Equal(previewFrom, $"{from.Name} <{from.Address}>");
        Assert.Equal(previewReplyTo, mail.Message.ReplyTo.Mailboxes.Single().Address);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#delivery-status")).ToHaveTextAsync("Wysłana", new() { Timeout = 15_000 });
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task a_bad_recipient_is_shown_at_its_field_and_nothing_is_sent()
    {
        const string tenant = "console-test-message-bad";
        using var api = browser.Service.Client(Identity.TenantAdmin(tenant));
        await api.PutAsJsonAsync($"/api/v1/tenants/{tenant}/email-settings/primary-email", new { primaryEmail = "biuro@acme.pl" });
        var page = await browser.NewPageAsync();
        await ConsoleBrowser.SignInAsync(page, "alice", "tenant-admin", tenant);

        await page.FillAsync("#testMessageTo", "not-an-address");
        await page.ClickAsync("form.test-message button[type=submit]");

        Assert.EndsWith($"/admin/tenants/{tenant}/settings", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("true", await page.GetAttributeAsync("#testMessageTo", "aria-invalid"));
        var deliveries = await api.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/v1/tenants/{tenant}/emails");
        Assert.Empty(deliveries!["items"]!.AsArray());
    }
}
