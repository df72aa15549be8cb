using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Smtp;

/// <summary>The service as deployed (Mail:AllowPrivateHosts off): tenant hosts on private addresses are refused before any connection.</summary>
public sealed class HostGuardApiTests(HostGuardApiTests.GuardedApiFactory factory) : IClassFixture<HostGuardApiTests.GuardedApiFactory>
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("localhost")]
    [InlineData("LOCALHOST.")]
    [InlineData("[::1]")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("0.0.0.0")]
    public async Task a_tenant_smtp_host_on_loopback_is_refused_without_connecting(string host)
    {
        var tenant = $"guard-{Guid.NewGuid():N}"[..20];
        var admin = factory.Client(Identity.TenantAdmin(tenant));
        Assert.Equal(201, (await admin.PutAsync($"{ApiClient.Settings(tenant)}/primary-email", new { primaryEmail = "biuro@acme.pl" })).Status);
        var connectionsBefore = factory.Smtp.Plain.ConnectionCount;
        var form = new Dictionary<string, object?> { ["senderEmail"] = "poczta@acme.pl", ["host"] = host, ["port"] = factory.Smtp.Plain.Port, ["security"] = "None" };

        var saved = await admin.PutAsync($"{ApiClient.Settings(tenant)}/smtp", form);
        var tested = await admin.PostAsync($"{ApiClient.Settings(tenant)}/smtp/test", form);

        foreach (var reply in new[] { saved, tested })
        {
            Assert.Equal(400, reply.Status);
            Assert.Contains("reserved address", reply.As<ProblemView>().ErrorsFor("host")[0], StringComparison.Ordinal);
        }

        Assert.Equal(connectionsBefore, factory.Smtp.Plain.ConnectionCount);
        Assert.Null((await admin.GetAsync(ApiClient.Settings(tenant))).As<SettingsView>().OwnSmtp);
    }

    public sealed class GuardedApiFactory : ApiFactory
    {
        protected override bool AllowPrivateHosts => false;
    }
}
