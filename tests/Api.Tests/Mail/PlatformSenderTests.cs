using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Mail;

/// <summary>The platform's name and address come from <c>Mail:Platform:FromName</c> and <c>:FromAddress</c>.</summary>
public sealed class PlatformSenderTests(PlatformSenderTests.RenamedPlatformFactory factory) : IClassFixture<PlatformSenderTests.RenamedPlatformFactory>
{
    [Fact]
    public async Task notifications_leave_under_the_configured_platform_name_and_address_with_message_ids_of_its_domain()
    {
        const string tenant = "renamed-platform";
        var admin = factory.Client(Identity.TenantAdmin(tenant));
        Assert.Equal(201, (await admin.PutAsync($"{ApiClient.Settings(tenant)}/primary-email", new { primaryEmail = "biuro@acme.pl" })).Status);

        var accepted = await admin.PostAsync($"/api/v1/tenants/{tenant}/notifications", new { subject = "Nowa rezerwacja", textBody = "Sala 2, 10:00" });

        var received = await factory.Smtp.Platform.WaitForMessageAsync(m => m.Message.Subject == "Nowa rezerwacja", TimeSpan.FromSeconds(30));
        var from = Assert.Single(received.Message.From.Mailboxes);
        Assert.Equal(202, accepted.Status);
        Assert.Equal(("Biuro Obsługi DESKTOMY", "powiadomienia@desktomy.eu"), (from.Name, from.Address));
        Assert.Empty(received.Message.ReplyTo);
        Assert.EndsWith("@desktomy.eu", received.Message.MessageId, StringComparison.Ordinal);
    }

    public sealed class RenamedPlatformFactory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string> SpecialSettings => new Dictionary<string, string>
        {
            ["Mail:Platform:FromName"] = "Biuro Obsługi DESKTOMY",
            ["Mail:Platform:FromAddress"] = "powiadomienia@desktomy.eu",
        };
    }
}
