using System.Net.Http.Headers;
using Desktomy.Email.Api.Auth;
using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Edges;

/// <summary>The command line as a newcomer meets it: with no configuration at all.</summary>
public sealed class CommandLineTests(ApiFactory factory) : ApiTest(factory)
{
    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task help_works_without_configuration_and_lists_the_service_commands_first(string help)
    {
        var (exit, output, error) = await CliProcess.RunAsync([help]);

        Assert.True(exit == 0, error);
        var token = output.IndexOf("\n  token ", StringComparison.Ordinal);
        var rotate = output.IndexOf("\n  rotate-master-key ", StringComparison.Ordinal);
        var import = output.IndexOf("\n  import ", StringComparison.Ordinal);
        var framework = output.IndexOf("Framework commands", StringComparison.Ordinal);
        Assert.True(token > 0 && rotate > 0 && import > 0 && framework > rotate && framework > token && framework > import, output);
        Assert.Contains("DESTRUCTIVE", output[framework..], StringComparison.Ordinal);
        foreach (var destructive in new[] { "marten", "resources teardown" })
        {
            Assert.Contains(destructive, output[output.IndexOf("DESTRUCTIVE", StringComparison.Ordinal)..], StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Searching", output + error, StringComparison.Ordinal);
        Assert.DoesNotContain("ConnectionStrings", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("token")]
    [InlineData("rotate-master-key")]
    [InlineData("import")]
    public async Task each_service_command_has_help(string command)
    {
        var (exit, output, error) = await CliProcess.RunAsync([command, "--help"]);

        Assert.True(exit == 0, error);
        Assert.StartsWith($"Usage: {command}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_token_command_works_without_configuration_and_the_token_works_against_run_sh()
    {
        var (exit, output, error) = await CliProcess.RunAsync(["token", "--role", "tenant-admin", "--tenant", "demo", "--sub", "alice"]);

        Assert.True(exit == 0, error);
        var payload = DecodePayload(output.Trim());
        Assert.Equal("alice", payload["sub"]!.GetValue<string>());
        Assert.Equal("demo", payload["tenant_id"]!.GetValue<string>());
        Assert.True(Desktomy.Email.Api.Tests.Edges.Jws.Verifies(output.Trim(), AuthOptions.DevelopmentSigningKey));
    }

    [Theory]
    [InlineData("no arguments", "give at least one --role")]
    [InlineData("--role bogus", "'bogus' is not a role")]
    [InlineData("--role tenant-admin", "needs --tenant")]
    [InlineData("--role sender", "needs --tenant")]
    [InlineData("--role tenant-admin --tenant *", "is not a tenant id")]
    [InlineData("--role auditor --hours x", "--hours")]
    [InlineData("--role auditor --colour red", "unknown option")]
    public async Task a_token_request_that_makes_no_sense_is_refused_with_the_usage(string arguments, string problem)
    {
        var args = arguments == "no arguments" ? ["token"] : new[] { "token" }.Concat(arguments.Split(' ')).ToArray();

        var (exit, output, error) = await CliProcess.RunAsync(args);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains(problem, error, StringComparison.Ordinal);
        Assert.Contains("Usage: token --role", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_token_command_signs_with_the_configured_key()
    {
        var (exit, output, _) = await CliProcess.RunAsync(
            ["token", "--role", "auditor"],
            new Dictionary<string, string> { ["Auth__SigningKey"] = ApiFactory.SigningKey });

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tenants?limit=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", output.Trim());
        using var response = await Factory.CreateClient().SendAsync(request);

        Assert.Equal(0, exit);
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task the_service_starts_quietly_on_a_fresh_schema()
    {
        var schema = $"quiet_{System.Security.Cryptography.RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        var settings = ServiceProcess.BaseSettings(schema, Smtp.Platform.Port);
        settings.Remove("Logging:LogLevel:Default");
        settings["Logging:Console:LogLevel:Default"] = string.Empty; // test.sh turns the console off; an empty value is no rule

        try
        {
            await using var service = await ServiceProcess.StartAsync(settings);
            using var ready = await service.Client(Identity.Support).GetAsync(new Uri("/health/ready", UriKind.Relative));

            Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
            Assert.DoesNotContain("Searching", service.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("CREATE", service.Output, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await TestDatabase.DropSchemasAsync(schema);
        }
    }

    private static System.Text.Json.Nodes.JsonNode DecodePayload(string token) =>
        System.Text.Json.Nodes.JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1]))!;
}
