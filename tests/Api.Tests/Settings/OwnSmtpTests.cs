using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Settings;

public sealed class OwnSmtpTests(ApiFactory factory) : ApiTest(factory)
{
    [Theory]
    [InlineData("SslOnConnect")]
    [InlineData("StartTls")]
    [InlineData("None")]
    public async Task own_smtp_is_verified_against_the_server_and_enabled(string security)
    {
        var tenant = await ConfiguredTenantAsync();
        var server = security switch { "SslOnConnect" => Smtp.Implicit, "StartTls" => Smtp.StartTls, _ => Smtp.Plain };
        var connectionsBefore = server.ConnectionCount;

        var reply = await Admin(tenant).PutAsync($"{Settings(tenant)}/smtp", SmtpForm(server, security));

        Assert.Equal(200, reply.Status);
        Assert.True(server.ConnectionCount > connectionsBefore, "the server was never contacted");
        var view = reply.As<SettingsView>();
        var smtp = view.OwnSmtp!;
        Assert.True(smtp.Enabled);
        Assert.Equal("poczta@acme.pl", smtp.SenderEmail);
        Assert.Equal("127.0.0.1", smtp.Host);
        Assert.Equal(server.Port, smtp.Port);
        Assert.Equal(Enum.Parse<SecurityMode>(security), smtp.Security);
        Assert.Equal(SmtpServers.Username, smtp.Username);
        Assert.True(smtp.PasswordSet);
        Assert.Null(reply.Json["ownSmtp"]!["password"]); // on the wire: a view has no member to show a password that was sent
        Assert.Equal("app.acme.pl", smtp.Advanced.HeloName);
        Assert.Equal(new EffectiveView(SenderTransport.OwnSmtp, "Biuro Acme <poczta@acme.pl>", null), view.Effective);
        Assert.Equal(3, view.Version);
    }

    [Fact]
    public async Task omitted_advanced_options_take_their_defaults()
    {
        var tenant = await ConfiguredTenantAsync();
        var form = SmtpForm(Smtp.Plain, "None", username: null, password: null);
        form.Remove("advanced");

        var reply = await Admin(tenant).PutAsync($"{Settings(tenant)}/smtp", form);

        Assert.Equal(200, reply.Status);
        var smtp = reply.As<SettingsView>().OwnSmtp!;
        Assert.Equal(new AdvancedView(HeloName: null, TimeoutSeconds: 30, VerifyCertificate: true, AuthMechanism.Auto), smtp.Advanced);
        Assert.False(smtp.PasswordSet);
    }

    [Fact]
    public async Task disabling_own_smtp_keeps_the_stored_values_and_returns_to_the_platform()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);

        var reply = await admin.DeleteAsync($"{Settings(tenant)}/smtp");

        Assert.Equal(200, reply.Status);
        var view = reply.As<SettingsView>();
        Assert.Equal(4, view.Version);
        Assert.False(view.OwnSmtp!.Enabled);
        Assert.Equal(Smtp.Implicit.Port, view.OwnSmtp.Port);
        Assert.True(view.OwnSmtp.PasswordSet);
        Assert.Equal(SenderTransport.Platform, view.Effective.Transport);
        Assert.Equal("biuro@acme.pl", view.Effective.ReplyTo);
    }

    [Fact]
    public async Task re_enabling_with_the_same_destination_may_omit_the_password()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);
        Assert.Equal(200, (await admin.DeleteAsync($"{Settings(tenant)}/smtp")).Status);
        var failedBefore = Smtp.Implicit.FailedAuthentications;

        // The stored password is decrypted and used for verification: a wrong one would be a 422.
        var reply = await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect", password: null));

        Assert.Equal(200, reply.Status);
        Assert.True(reply.As<SettingsView>().OwnSmtp!.Enabled);
        Assert.Equal(5, reply.Version);
        Assert.Equal(failedBefore, Smtp.Implicit.FailedAuthentications);
    }

    [Fact]
    public async Task saving_the_same_form_again_appends_nothing_even_with_the_password_typed_again()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);

        var withPassword = await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"));
        var withoutPassword = await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect", password: null));

        Assert.Equal(3, withPassword.Version);
        Assert.Equal(3, withoutPassword.Version);
        Assert.Equal(3, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task a_login_without_a_password_on_first_configuration_is_rejected()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect", password: null));

        Assert.Equal(400, reply.Status);
        Assert.NotEmpty(reply.As<ProblemView>().ErrorsFor("password"));
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Theory]
    [InlineData("host", "localhost")]
    [InlineData("port", 0)]
    [InlineData("security", "StartTls")]
    [InlineData("username", "other@acme.pl")]
    [InlineData("senderEmail", "inna@acme.pl")]
    public async Task a_new_destination_without_the_password_is_rejected(string field, object value)
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);
        var form = SmtpForm(Smtp.Implicit, "SslOnConnect", password: null);
        form[field] = value is 0 ? Smtp.StartTls.Port : value;

        var reply = await admin.PutAsync($"{Settings(tenant)}/smtp", form);

        Assert.Equal(400, reply.Status);
        Assert.Contains("password", reply.As<ProblemView>().ErrorsFor("password")[0], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task changing_advanced_options_keeps_the_stored_password()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);

        var reply = await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect", password: null, timeoutSeconds: 10));

        Assert.Equal(200, reply.Status);
        Assert.Equal(4, reply.Version);
        Assert.Equal(10, reply.As<SettingsView>().OwnSmtp!.Advanced.TimeoutSeconds);
    }

    [Fact]
    public async Task a_password_without_a_login_is_rejected()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Plain, "None", username: null));

        Assert.Equal(400, reply.Status);
        Assert.NotEmpty(reply.As<ProblemView>().ErrorsFor("password"));
    }

    [Fact]
    public async Task smtp_test_with_a_body_verifies_without_changing_anything()
    {
        var tenant = await ConfiguredTenantAsync();
        var connectionsBefore = Smtp.StartTls.ConnectionCount;

        var reply = await Admin(tenant).PostAsync($"{Settings(tenant)}/smtp/test", SmtpForm(Smtp.StartTls, "StartTls"));

        Assert.Equal(200, reply.Status);
        var test = reply.As<SmtpTestView>();
        Assert.True(test.Ok);
        Assert.True(test.DurationMs >= 0);
        Assert.True(test.Authenticated);
        Assert.True(Smtp.StartTls.ConnectionCount > connectionsBefore);
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task smtp_test_without_a_body_tests_the_stored_settings_with_the_stored_password()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);

        var reply = await admin.PostAsync($"{Settings(tenant)}/smtp/test", null);

        Assert.Equal(200, reply.Status);
        Assert.True(reply.As<SmtpTestView>().Authenticated);
        Assert.Equal(3, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task smtp_test_without_a_body_and_without_stored_smtp_conflicts()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).PostAsync($"{Settings(tenant)}/smtp/test", null);

        Assert.Equal(409, reply.Status);
    }

    [Fact]
    public async Task smtp_test_applies_the_password_binding_rule()
    {
        var tenant = await ConfiguredTenantAsync();
        var admin = Admin(tenant);
        Assert.Equal(200, (await admin.PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Implicit, "SslOnConnect"))).Status);
        var form = SmtpForm(Smtp.StartTls, "StartTls", password: null);

        var reply = await admin.PostAsync($"{Settings(tenant)}/smtp/test", form);

        Assert.Equal(400, reply.Status);
        Assert.NotEmpty(reply.As<ProblemView>().ErrorsFor("password"));
    }
}
