using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Tightened;

/// <summary>Only a verification that opens a connection uses the tenant's allowance: typos and refused hosts cost nothing.</summary>
public sealed class VerificationAllowanceTests(VerificationAllowanceTests.LimitedApiFactory factory) : IClassFixture<VerificationAllowanceTests.LimitedApiFactory>
{
    [Fact]
    public async Task requests_refused_by_validation_do_not_use_up_the_allowance()
    {
        var (tenant, admin) = await ConfiguredAsync(factory);
        var good = new Dictionary<string, object?> { ["senderEmail"] = "poczta@acme.pl", ["host"] = "127.0.0.1", ["port"] = factory.Smtp.Plain.Port, ["security"] = "None" };
        var typo = new Dictionary<string, object?>(good) { ["port"] = 0 };

        var typos = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            typos.Add((await admin.PostAsync($"{ApiClient.Settings(tenant)}/smtp/test", typo)).Status);
        }

        var real = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            real.Add((await admin.PostAsync($"{ApiClient.Settings(tenant)}/smtp/test", good)).Status);
        }

        Assert.All(typos, status => Assert.Equal(400, status));
        Assert.Equal([200, 200, 429], real);
    }

    internal static async Task<(string Tenant, ApiClient Admin)> ConfiguredAsync(ApiFactory factory)
    {
        var tenant = $"allow-{Guid.NewGuid():N}"[..20];
        var admin = factory.Client(Identity.TenantAdmin(tenant));
        Assert.Equal(201, (await admin.PutAsync($"{ApiClient.Settings(tenant)}/primary-email", new { primaryEmail = "biuro@acme.pl" })).Status);
        return (tenant, admin);
    }

    public sealed class LimitedApiFactory : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string> SpecialSettings => new Dictionary<string, string>
        {
            ["RateLimits:SmtpVerificationsPerMinute"] = "2",
        };
    }
}

public sealed class GuardRefusalAllowanceTests(GuardRefusalAllowanceTests.LimitedGuardedApiFactory factory) : IClassFixture<GuardRefusalAllowanceTests.LimitedGuardedApiFactory>
{
    [Fact]
    public async Task hosts_refused_by_the_private_host_guard_do_not_use_up_the_allowance()
    {
        var (tenant, admin) = await VerificationAllowanceTests.ConfiguredAsync(factory);
        var refused = new Dictionary<string, object?> { ["senderEmail"] = "poczta@acme.pl", ["host"] = "127.0.0.1", ["port"] = factory.Smtp.Plain.Port, ["security"] = "None" };

        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await admin.PostAsync($"{ApiClient.Settings(tenant)}/smtp/test", refused)).Status);
        }

        Assert.All(statuses, status => Assert.Equal(400, status));
    }

    public sealed class LimitedGuardedApiFactory : ApiFactory
    {
        protected override bool AllowPrivateHosts => false;

        protected override IReadOnlyDictionary<string, string> SpecialSettings => new Dictionary<string, string>
        {
            ["RateLimits:SmtpVerificationsPerMinute"] = "2",
        };
    }
}
