using System.Diagnostics;
using System.Net.Http.Headers;
using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Operations;

public sealed class OperationsTests(ApiFactory factory) : ApiTest(factory)
{
    public static TheoryData<string, string> ContractRoutes => new()
    {
        { "get", "/api/v1/tenants/{tenantId}/email-settings" },
        { "put", "/api/v1/tenants/{tenantId}/email-settings/primary-email" },
        { "put", "/api/v1/tenants/{tenantId}/email-settings/sender-name" },
        { "put", "/api/v1/tenants/{tenantId}/email-settings/smtp" },
        { "delete", "/api/v1/tenants/{tenantId}/email-settings/smtp" },
        { "post", "/api/v1/tenants/{tenantId}/email-settings/smtp/test" },
        { "get", "/api/v1/tenants/{tenantId}/email-settings/history" },
        { "get", "/api/v1/tenants/{tenantId}/email-settings/diff" },
        { "post", "/api/v1/tenants/{tenantId}/email-settings/rollback" },
        { "post", "/api/v1/tenants/{tenantId}/emails" },
        { "get", "/api/v1/tenants/{tenantId}/emails" },
        { "get", "/api/v1/tenants/{tenantId}/emails/{id}" },
        { "post", "/api/v1/tenants/{tenantId}/notifications" },
        { "get", "/api/v1/tenants" },
    };

    [Fact]
    public async Task liveness_answers_without_a_token()
    {
        var reply = await As(Identity.None).GetAsync("/health/live");

        Assert.Equal(200, reply.Status);
    }

    [Fact]
    public async Task readiness_checks_postgres_and_the_platform_smtp_server_for_platform_staff()
    {
        var reply = await As(Identity.Support).GetAsync("/health/ready");

        Assert.Equal(200, reply.Status);
        var health = reply.As<HealthReport>();
        Assert.Equal("Healthy", health.Status);
        Assert.Equal("Healthy", health.Checks["postgres"].Status);
        Assert.Equal("Healthy", health.Checks["platform-smtp"].Status);
    }

    [Theory]
    [MemberData(nameof(ContractRoutes))]
    public async Task the_openapi_document_describes_every_contract_route(string method, string path)
    {
        var document = await As(Identity.None).GetAsync("/openapi/v1.json");

        Assert.Equal(200, document.Status);
        Assert.StartsWith("3.1", document.Json["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var operation = document.Json["paths"]![path]?[method];
        Assert.NotNull(operation);
        Assert.StartsWith("Roles: ", operation["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(operation["responses"]!["401"]);
        Assert.NotNull(operation["responses"]!["403"]);
        Assert.Equal("bearer", document.Json["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_token_command_mints_a_token_the_service_accepts()
    {
        var api = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [api, "token", "--sub", "cli-auditor", "--role", "auditor"])
        {
            WorkingDirectory = Path.GetDirectoryName(api)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Postgres"] = ApiFactory.ConnectionString;
        start.Environment["Auth__SigningKey"] = ApiFactory.SigningKey;
        start.Environment["Secrets__MasterKey"] = Factory.MasterKey;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var token = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();

        using var http = Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tenants?limit=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);

        Assert.Equal(0, process.ExitCode);
        Assert.Equal(200, (int)response.StatusCode);
    }

    /// <summary>What <c>/health/ready</c> answers: the overall status and one entry per check.</summary>
    private sealed record HealthReport(string Status, IReadOnlyDictionary<string, HealthReport.Check> Checks)
    {
        public sealed record Check(string Status, string? Description);
    }
}
