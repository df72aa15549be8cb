using System.Buffers.Text;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Desktomy.Email.Api.Auth;
using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Settings;

/// <summary>
/// The role/tenant matrix of the contract on every settings route. The tenant has own SMTP enabled (version 3), so
/// every change route except the SMTP test would append an event if it were let through.
/// </summary>
public sealed class AuthorizationMatrixTests(ApiFactory factory) : ApiTest(factory)
{
    private const int VersionBefore = 3;

    private static readonly string[] Routes = ["GET", "PUT /primary-email", "PUT /sender-name", "PUT /smtp", "DELETE /smtp", "POST /smtp/test"];

    private static readonly string[] ChangeRoutes = Routes[1..];

    public static TheoryData<string, string> Unauthenticated => Cross(
        Routes,
        ["no token", "token signed with another key", "expired token", "token not valid yet", "alg none", "HS512 with the right key", "not a JWT"]);

    public static TheoryData<string, string> Forbidden
    {
        get
        {
            var cases = Cross(
                Routes,
                [
                    "tenant-admin of another tenant",
                    "tenant-admin without tenant_id",
                    "tenant-admin of *",
                    "tenant-admin of the tenant in upper case",
                    "Tenant-Admin of the tenant",
                    "sender of the tenant",
                    "sender of *",
                    "no role",
                ]);
            foreach (var route in ChangeRoutes)
            {
                foreach (var caller in new[] { "auditor", "support", "auditor and support", "auditor and tenant-admin of another tenant" })
                {
                    cases.Add(route, caller);
                }
            }

            return cases;
        }
    }

    public static TheoryData<string, string> Allowed
    {
        get
        {
            var cases = Cross(Routes, ["tenant-admin of the tenant", "tenant-admin as a one-element array", "auditor and tenant-admin of the tenant"]);
            foreach (var caller in new[] { "auditor", "support", "auditor and tenant-admin of another tenant", "sender and auditor" })
            {
                cases.Add("GET", caller);
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(Unauthenticated))]
    public async Task a_missing_or_invalid_token_is_401_with_a_bearer_challenge(string route, string caller)
    {
        var tenant = await TenantWithOwnSmtpAsync();

        var reply = await SendAsync(route, tenant, TokenOf(caller, tenant));

        Assert.True(reply.Status == 401, $"{caller} on {route}: {reply}");
        Assert.StartsWith("Bearer", reply.WwwAuthenticate, StringComparison.Ordinal);
        Assert.Equal(VersionBefore, await EventCountAsync(tenant));
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public async Task a_valid_token_without_the_role_or_the_tenant_is_403_and_changes_nothing(string route, string caller)
    {
        var tenant = await TenantWithOwnSmtpAsync();

        var reply = await SendAsync(route, tenant, TokenOf(caller, tenant));

        Assert.True(reply.Status == 403, $"{caller} on {route}: {reply}");
        Assert.Equal("application/problem+json", reply.ContentType);
        Assert.Equal(VersionBefore, await EventCountAsync(tenant));
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public async Task a_caller_with_the_role_for_the_tenant_is_let_through(string route, string caller)
    {
        var tenant = await TenantWithOwnSmtpAsync();

        var reply = await SendAsync(route, tenant, TokenOf(caller, tenant));

        Assert.True(reply.Status == 200, $"{caller} on {route}: {reply}");
        var appends = route is not ("GET" or "POST /smtp/test");
        Assert.Equal(appends ? VersionBefore + 1 : VersionBefore, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task roles_sent_as_a_json_array_are_each_honoured()
    {
        var tenant = await TenantWithOwnSmtpAsync();
        var token = TokenOf("auditor and tenant-admin of the tenant", tenant)!;
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!;

        var read = await SendAsync("GET", tenant, token);
        var change = await SendAsync("PUT /sender-name", tenant, token);

        Assert.IsType<JsonArray>(payload["role"]);
        Assert.Equal(200, read.Status);
        Assert.Equal(200, change.Status);
        Assert.Equal("hand-made", change.As<SettingsView>().UpdatedBy);
    }

    private async Task<string> TenantWithOwnSmtpAsync()
    {
        var tenant = await ConfiguredTenantAsync();
        var reply = await Admin(tenant).PutAsync($"{Settings(tenant)}/smtp", SmtpForm(Smtp.Plain, "None", username: null, password: null));
        Assert.Equal(200, reply.Status);
        return tenant;
    }

    private async Task<Reply> SendAsync(string route, string tenant, string? token)
    {
        var client = As(Identity.None);
        var (method, suffix) = route.Split(' ') is [var m, var s] ? (m, s) : (route, string.Empty);
        object? body = route switch
        {
            "PUT /primary-email" => new { primaryEmail = "nowy@acme.pl" },
            "PUT /sender-name" => new { senderName = "Nowa nazwa" },
            "PUT /smtp" => SmtpForm(Smtp.Plain, "None", username: null, password: null, timeoutSeconds: 7),
            "POST /smtp/test" => SmtpForm(Smtp.Plain, "None", username: null, password: null),
            _ => null,
        };
        return await client.SendAsync(new HttpMethod(method), $"{Settings(tenant)}{suffix}", body is null ? null : JsonContent.Create(body), null, token);
    }

    /// <summary>The token a caller presents; null sends no Authorization header.</summary>
    private static string? TokenOf(string caller, string tenant)
    {
        var now = TimeProvider.System.GetUtcNow();
        return caller switch
        {
            "no token" => null,
            "token signed with another key" => new DevelopmentTokens(new AuthOptions { SigningKey = "another-signing-key-that-is-long-enough-0123" }, TimeProvider.System)
                .Issue("mallory", [Roles.TenantAdmin], tenant),
            "expired token" => IssuedAt(now.AddHours(-13)).Issue("late", [Roles.TenantAdmin], tenant),
            "token not valid yet" => IssuedAt(now.AddHours(1)).Issue("early", [Roles.TenantAdmin], tenant),
            "alg none" => HandMade("none", ClaimsFor(Roles.TenantAdmin, tenant, now), signingKey: null),
            "HS512 with the right key" => HandMade("HS512", ClaimsFor(Roles.TenantAdmin, tenant, now), Encoding.UTF8.GetBytes(ApiFactory.SigningKey)),
            "not a JWT" => "not-a-jwt",
            "tenant-admin of the tenant" => ApiClient.TokenFor(Identity.TenantAdmin(tenant)),
            "tenant-admin as a one-element array" => Signed(ClaimsFor(new JsonArray(Roles.TenantAdmin), tenant, now)),
            "auditor and tenant-admin of the tenant" => Signed(ClaimsFor(new JsonArray(Roles.Auditor, Roles.TenantAdmin), tenant, now)),
            "tenant-admin of another tenant" => ApiClient.TokenFor(Identity.TenantAdmin(NewTenant())),
            "tenant-admin without tenant_id" => ApiClient.TokenFor(new Identity("admin", [Roles.TenantAdmin], null)),
            "tenant-admin of *" => ApiClient.TokenFor(new Identity("admin", [Roles.TenantAdmin], "*")),
            "tenant-admin of the tenant in upper case" => ApiClient.TokenFor(new Identity("admin", [Roles.TenantAdmin], tenant.ToUpperInvariant())),
            "Tenant-Admin of the tenant" => ApiClient.TokenFor(new Identity("admin", ["Tenant-Admin"], tenant)),
            "sender of the tenant" => ApiClient.TokenFor(Identity.Sender(tenant)),
            "sender of *" => ApiClient.TokenFor(Identity.Sender("*")),
            "sender and auditor" => ApiClient.TokenFor(new Identity("service", [Roles.Sender, Roles.Auditor], tenant)),
            "no role" => ApiClient.TokenFor(new Identity("nobody", [], tenant)),
            "auditor" => ApiClient.TokenFor(Identity.Auditor),
            "support" => ApiClient.TokenFor(Identity.Support),
            "auditor and support" => ApiClient.TokenFor(new Identity("staff", [Roles.Auditor, Roles.Support], null)),
            "auditor and tenant-admin of another tenant" => ApiClient.TokenFor(new Identity("staff", [Roles.Auditor, Roles.TenantAdmin], NewTenant())),
            _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, "No such caller in the matrix."),
        };
    }

    private static DevelopmentTokens IssuedAt(DateTimeOffset time) =>
        new(new AuthOptions { SigningKey = ApiFactory.SigningKey }, new FixedClock(time));

    private static JsonObject ClaimsFor(JsonNode role, string tenant, DateTimeOffset now) => new()
    {
        ["sub"] = "hand-made",
        ["role"] = role,
        ["tenant_id"] = tenant,
        ["iat"] = now.ToUnixTimeSeconds(),
        ["nbf"] = now.ToUnixTimeSeconds(),
        ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
    };

    private static string Signed(JsonObject claims) => HandMade("HS256", claims, Encoding.UTF8.GetBytes(ApiFactory.SigningKey));

    /// <summary>A compact JWS built by hand, so the header and the claims are exactly what the case says.</summary>
    private static string HandMade(string algorithm, JsonObject claims, byte[]? signingKey)
    {
        var header = new JsonObject { ["alg"] = algorithm, ["typ"] = "JWT" };
        var signingInput = $"{Segment(header)}.{Segment(claims)}";
        var signature = algorithm switch
        {
            "HS256" => HMACSHA256.HashData(signingKey!, Encoding.ASCII.GetBytes(signingInput)),
            "HS512" => HMACSHA512.HashData(signingKey!, Encoding.ASCII.GetBytes(signingInput)),
            _ => [],
        };
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    private static string Segment(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));

    private static TheoryData<string, string> Cross(string[] routes, string[] callers)
    {
        var cases = new TheoryData<string, string>();
        foreach (var route in routes)
        {
            foreach (var caller in callers)
            {
                cases.Add(route, caller);
            }
        }

        return cases;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
