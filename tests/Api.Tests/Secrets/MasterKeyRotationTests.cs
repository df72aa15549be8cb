using System.Security.Cryptography;
using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Secrets;
using Desktomy.Email.MailCatcher;
using Microsoft.Extensions.DependencyInjection;

namespace Desktomy.Email.Api.Tests.Secrets;

/// <summary>
/// Three services in turn on one database: the old master key; the new key with the old one kept for the roll-over
/// (both work, then the rotation re-wraps every data key); the new key alone.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class MasterKeyRotationTests
{
    private const string Tenant = "rotation";

    [Fact]
    public async Task rotation_rewraps_every_data_key_without_touching_events_and_passwords_keep_working()
    {
        using var certificate = SelfSignedCertificate.Create();
        await using var server = await MailCatcherServer.StartAsync(new MailCatcherOptions
        {
            Security = ListenerSecurity.SslOnConnect,
            Certificate = certificate,
            Username = SmtpServers.Username,
            Password = SmtpServers.Password,
        });
        var schema = $"rotate_{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        var oldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var eventsBefore = 0;

        await RunAsync(new ApiFactory { Schema = schema, MasterKey = oldKey, DropSchemaOnDispose = false }, async factory =>
        {
            var admin = factory.Client(Identity.TenantAdmin(Tenant));
            Assert.Equal(201, (await admin.PutAsync($"{ApiClient.Settings(Tenant)}/primary-email", new { primaryEmail = "biuro@acme.pl" })).Status);
            Assert.Equal(200, (await admin.PutAsync($"{ApiClient.Settings(Tenant)}/smtp", Form(server, SmtpServers.Password))).Status);
            eventsBefore = await EventCountAsync(factory);
        });

        await RunAsync(new ApiFactory { Schema = schema, MasterKey = newKey, PreviousMasterKeys = [oldKey], DropSchemaOnDispose = false }, async factory =>
        {
            var admin = factory.Client(Identity.TenantAdmin(Tenant));
            var rotation = factory.Services.GetRequiredService<MasterKeyRotation>();
            Assert.Equal(200, (await admin.PostAsync($"{ApiClient.Settings(Tenant)}/smtp/test", null)).Status);

            Assert.Equal(1, await rotation.RewrapAllAsync(CancellationToken.None));
            Assert.Equal(0, await rotation.RewrapAllAsync(CancellationToken.None));
            Assert.Equal(200, (await admin.PostAsync($"{ApiClient.Settings(Tenant)}/smtp/test", null)).Status);
            Assert.Equal(eventsBefore, await EventCountAsync(factory));
        });

        await RunAsync(new ApiFactory { Schema = schema, MasterKey = newKey }, async factory =>
        {
            var reply = await factory.Client(Identity.TenantAdmin(Tenant)).PostAsync($"{ApiClient.Settings(Tenant)}/smtp/test", null);
            Assert.Equal(200, reply.Status);
            Assert.True(reply.As<SmtpTestView>().Authenticated);
        });
    }

    [Fact]
    public async Task without_the_old_key_a_data_key_that_was_not_rewrapped_cannot_be_read()
    {
        var schema = $"rotate_{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        await RunAsync(new ApiFactory { Schema = schema, DropSchemaOnDispose = false }, async factory =>
        {
            var admin = factory.Client(Identity.TenantAdmin(Tenant));
            Assert.Equal(201, (await admin.PutAsync($"{ApiClient.Settings(Tenant)}/primary-email", new { primaryEmail = "biuro@acme.pl" })).Status);
            Assert.Equal(200, (await admin.PutAsync($"{ApiClient.Settings(Tenant)}/smtp", Form(factory.Smtp.Plain, SmtpServers.Password, "None"))).Status);
        });

        await RunAsync(new ApiFactory { Schema = schema }, async factory =>
        {
            var reply = await factory.Client(Identity.TenantAdmin(Tenant)).PostAsync($"{ApiClient.Settings(Tenant)}/smtp/test", null);
            Assert.Equal(400, reply.Status);
            Assert.NotEmpty(reply.As<ProblemView>().ErrorsFor("password"));
        });
    }

    private static async Task RunAsync(ApiFactory factory, Func<ApiFactory, Task> use)
    {
        var lifetime = (IAsyncLifetime)factory;
        await lifetime.InitializeAsync();
        try
        {
            await use(factory);
        }
        finally
        {
            await lifetime.DisposeAsync();
        }
    }

    private static Dictionary<string, object?> Form(MailCatcherServer server, string? password, string security = "SslOnConnect") => new()
    {
        ["senderEmail"] = "poczta@acme.pl",
        ["host"] = "127.0.0.1",
        ["port"] = server.Port,
        ["security"] = security,
        ["username"] = SmtpServers.Username,
        ["password"] = password,
        ["advanced"] = new Dictionary<string, object?> { ["verifyCertificate"] = false, ["timeoutSeconds"] = 5 },
    };

    private static async Task<int> EventCountAsync(ApiFactory factory)
    {
        await using var session = factory.Store.QuerySession(Tenant);
        return (await session.Events.FetchStreamAsync(Tenant)).Count;
    }
}
