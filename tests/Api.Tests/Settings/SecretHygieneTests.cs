using System.Text;
using Desktomy.Email.Api.Tests.Infrastructure;
using Npgsql;
using Desktomy.Email.Application.Secrets;
using Microsoft.Extensions.DependencyInjection;

namespace Desktomy.Email.Api.Tests.Settings;

/// <summary>The SMTP password is write-only: not in responses, not in the database, not in the logs.</summary>
public sealed class SecretHygieneTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task the_plaintext_password_is_nowhere_after_saving_testing_and_failing_with_it()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        const string wrongPassword = "Wr0ng-but-still-secret-9731";

        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);
        Assert.Equal(200, (await admin.PostAsync($"{Settings(tenant)}/smtp/test", null)).Status);
        Assert.Equal(200, (await admin.PostAsync($"{Settings(tenant)}/smtp/test", SmtpForm(Smtp.StartTls, "StartTls"))).Status);
        Assert.Equal(422, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.StartTls, "StartTls", password: wrongPassword))).Status);
        Assert.Equal(422, (await admin.PostAsync($"{Settings(tenant)}/smtp/test", SmtpForm(Smtp.Implicit, "SslOnConnect", password: wrongPassword))).Status);
        Assert.Equal(400, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect", username: null, password: wrongPassword))).Status);
        Assert.Equal(200, (await admin.GetAsync(Settings(tenant))).Status);

        var database = await SuiteSecretScan.DumpSchemaAsync(Factory.Schema);
        Assert.NotEmpty(Factory.Logs.Lines);
        foreach (var secret in new[] { SmtpServers.Password, wrongPassword })
        {
            var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
            Assert.All(admin.ResponseBodies, body => Assert.DoesNotContain(secret, body, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, database, StringComparison.Ordinal);
            Assert.DoesNotContain(encoded, database, StringComparison.Ordinal);
            Assert.All(Factory.Logs.Lines, line => Assert.DoesNotContain(secret, line, StringComparison.Ordinal));
        }

        Assert.Contains("sealedPassword", database, StringComparison.Ordinal);
        Assert.Contains("mt_events", database, StringComparison.Ordinal);
    }

    [Fact]
    public async Task sealed_passwords_all_have_the_same_length_whatever_the_password()
    {
        var tenant = NewTenant();
        var vault = Factory.Services.GetRequiredService<PasswordVault>();
        var key = await vault.KeyForSealingAsync(tenant, CancellationToken.None);

        var lengths = new HashSet<int>();
        foreach (var password in new[] { "a", "much-longer-password-of-forty-characters", new string('ż', 256) })
        {
            lengths.Add(key.Seal(password).Length);
        }

        Assert.Single(lengths);
    }

    [Fact]
    public async Task the_view_shows_only_that_a_password_is_set()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"));

        var smtpFields = reply.Json["ownSmtp"]!.AsObject().Select(p => p.Key).ToArray();
        Assert.Equal(["enabled", "senderEmail", "host", "port", "security", "username", "passwordSet", "oauth2", "advanced", "warnings"], smtpFields);
    }
}
