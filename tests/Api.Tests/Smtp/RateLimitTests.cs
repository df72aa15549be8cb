using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Smtp;

/// <summary>Each tenant has its own allowance of SMTP verifications and mails per minute; beyond it, 429 with Retry-After.</summary>
public sealed class RateLimitTests(RateLimitTests.LimitedApiFactory factory) : IClassFixture<RateLimitTests.LimitedApiFactory>
{
    [Fact]
    public async Task smtp_verification_beyond_the_allowance_is_429_for_that_tenant_only()
    {
        var (tenant, admin) = await ConfiguredAsync();
        var (other, otherAdmin) = await ConfiguredAsync();
        var form = new Dictionary<string, object?> { ["senderEmail"] = "poczta@acme.pl", ["host"] = "127.0.0.1", ["port"] = factory.Smtp.Plain.Port, ["security"] = "None" };

        var replies = new List<Reply>();
        for (var i = 0; i < 3; i++)
        {
            replies.Add(await admin.PostAsync($"{ApiClient.Settings(tenant)}/smtp/test", form));
        }

        var otherTenant = await otherAdmin.PutAsync($"{ApiClient.Settings(other)}/smtp", form);

        Assert.Equal([200, 200, 429], replies.Select(r => r.Status));
        Assert.Equal("application/problem+json", replies[2].ContentType);
        Assert.True(int.Parse(replies[2].RetryAfter!, System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Equal(200, otherTenant.Status);
    }

    [Fact]
    public async Task sending_beyond_the_allowance_is_429_and_queues_nothing_more()
    {
        var (tenant, admin) = await ConfiguredAsync();
        var mail = new { to = new[] { "jan@klient.pl" }, subject = "x", textBody = "y" };

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await admin.PostAsync($"/api/v1/tenants/{tenant}/emails", mail)).Status);
        }

        Assert.Equal([202, 202, 202, 429], statuses);
        Assert.Equal(3, (await admin.GetAsync($"/api/v1/tenants/{tenant}/emails")).Json["items"]!.AsArray().Count);
    }

    private async Task<(string Tenant, ApiClient Admin)> ConfiguredAsync()
    {
        var tenant = $"limit-{Guid.NewGuid():N}"[..20];
        var admin = factory.Client(Identity.TenantAdmin(tenant));
        Assert.Equal(201, (await admin.PutAsync($"{ApiClient.Settings(tenant)}/primary-email", new { primaryEmail = "biuro@acme.pl" })).Status);
        return (tenant, admin);
    }

    public sealed class LimitedApiFactory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string> SpecialSettings => new Dictionary<string, string>
        {
            ["RateLimits:SmtpVerificationsPerMinute"] = "2",
            ["RateLimits:MailsPerMinute"] = "3",
        };
    }
}
