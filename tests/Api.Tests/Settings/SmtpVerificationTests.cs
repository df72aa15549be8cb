using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Settings;

/// <summary>A server that cannot be used is a 422 naming the stage that failed, and nothing is stored.</summary>
public sealed class SmtpVerificationTests(ApiFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task a_wrong_password_fails_at_auth_with_535()
    {
        var problem = await RejectedAsync(SmtpForm(Smtp.Implicit, "SslOnConnect", password: "not-the-password"));

        Assert.Equal(VerificationStage.Auth, problem.Stage);
        Assert.Equal(535, problem.SmtpStatusCode);
        Assert.Contains("login or password", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_closed_port_fails_at_connect()
    {
        var form = SmtpForm(Smtp.Plain, "None", username: null, password: null);
        form["port"] = Smtp.ClosedPort;

        var problem = await RejectedAsync(form);

        Assert.Equal(VerificationStage.Connect, problem.Stage);
        Assert.Null(problem.SmtpStatusCode);
        Assert.Contains("refused", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ssl_on_connect_against_a_plain_server_fails_at_tls()
    {
        var problem = await RejectedAsync(SmtpForm(Smtp.Plain, "SslOnConnect"));

        Assert.Equal(VerificationStage.Tls, problem.Stage);
        Assert.Contains("StartTls", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task starttls_against_a_server_without_starttls_fails_at_tls()
    {
        var problem = await RejectedAsync(SmtpForm(Smtp.Plain, "StartTls"));

        Assert.Equal(VerificationStage.Tls, problem.Stage);
        Assert.Contains("STARTTLS", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task starttls_against_an_implicit_tls_server_fails_at_the_configured_timeout()
    {
        var problem = await RejectedAsync(SmtpForm(Smtp.Implicit, "StartTls", timeoutSeconds: 1));

        Assert.Equal(VerificationStage.Connect, problem.Stage);
        Assert.Contains("1 s", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_self_signed_certificate_fails_at_tls_when_certificates_are_verified()
    {
        var problem = await RejectedAsync(SmtpForm(Smtp.Implicit, "SslOnConnect", verifyCertificate: true));

        Assert.Equal(VerificationStage.Tls, problem.Stage);
        Assert.Contains("certificate", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_server_that_never_greets_fails_at_connect_within_the_timeout()
    {
        var form = SmtpForm(Smtp.Plain, "None", username: null, password: null, timeoutSeconds: 1);
        form["port"] = Smtp.Silent.Port;
        var started = TimeProvider.System.GetTimestamp();

        var problem = await RejectedAsync(form);

        Assert.Equal(VerificationStage.Connect, problem.Stage);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(20), "the timeout was not honoured");
    }

    [Fact]
    public async Task a_login_on_a_server_that_offers_no_authentication_before_tls_fails_at_auth()
    {
        var problem = await RejectedAsync(SmtpForm(Smtp.StartTls, "None"));

        Assert.Equal(VerificationStage.Auth, problem.Stage);
    }

    [Fact]
    public async Task smtp_test_reports_the_same_problem_and_changes_nothing()
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).PostAsync($"{Settings(tenant)}/smtp/test", SmtpForm(Smtp.Implicit, "SslOnConnect", password: "wrong-one"));

        Assert.Equal(422, reply.Status);
        Assert.Equal("application/problem+json", reply.ContentType);
        Assert.Equal(VerificationStage.Auth, reply.As<ProblemView>().Stage);
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    private async Task<ProblemView> RejectedAsync(Dictionary<string, object?> form)
    {
        var tenant = await ConfiguredTenantAsync();

        var reply = await Admin(tenant).PutAsync($"{Settings(tenant)}/smtp", form);

        Assert.Equal(422, reply.Status);
        Assert.Equal("application/problem+json", reply.ContentType);
        Assert.Equal(2, await EventCountAsync(tenant));
        Assert.Null((await Admin(tenant).GetAsync(Settings(tenant))).As<SettingsView>().OwnSmtp);
        return reply.As<ProblemView>();
    }
}
