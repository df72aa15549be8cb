using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Desktomy.Email.Api.Auth;
using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Edges;

/// <summary>The "Tightened rules" for tokens: one tenant for the tenant roles, a printable actor, no control characters in any claim.</summary>
public sealed class TokenEdgeTests(ApiFactory factory) : ApiTest(factory)
{
    public static TheoryData<string> UnprintableSubjects => new()
    {
        "missing",
        "empty",
        "201 characters",
        "CRLF",
        "NUL",
        "RTL override",
        "zero-width space",
        "lone surrogate",
    };

    private const string LoneSurrogate = "lone-surrogate-placeholder";

    [Theory]
    [InlineData("tenant-admin")]
    [InlineData("sender")]
    public async Task a_tenant_role_with_several_tenant_ids_is_403_and_changes_nothing(string role)
    {
        var tenant = await ConfiguredTenantAsync();
        var token = Jws.Sign(Jws.Claims("multi", role, new JsonArray(tenant, NewTenant())));

        var reply = role == Roles.TenantAdmin
            ? await SendAsync(HttpMethod.Put, $"{Settings(tenant)}/sender-name", new { senderName = "Przejęte" }, token)
            : await SendAsync(HttpMethod.Post, $"/api/v1/tenants/{tenant}/notifications", new { subject = "x", textBody = "y" }, token);

        Assert.Equal(403, reply.Status);
        Assert.Equal(TenantAccessHandler.SeveralTenants, reply.Json["detail"]!.GetValue<string>());
        Assert.Equal(2, await EventCountAsync(tenant));
        Assert.Empty((await As(Identity.Support).GetAsync($"/api/v1/tenants/{tenant}/emails")).Json["items"]!.AsArray());
    }

    [Theory]
    [MemberData(nameof(UnprintableSubjects))]
    public async Task a_token_without_a_printable_sub_of_at_most_200_characters_is_401(string subject)
    {
        var tenant = await ConfiguredTenantAsync();
        var sub = subject switch
        {
            "missing" => null,
            "empty" => string.Empty,
            "201 characters" => new string('a', 201),
            "CRLF" => "alice\r\nX-Injected: 1",
            "NUL" => "alice\0",
            "RTL override" => "alice\u202Eecila",
            "zero-width space" => "ali\u200Bce",
            "lone surrogate" => LoneSurrogate,
            _ => throw new ArgumentOutOfRangeException(nameof(subject)),
        };

        var claims = Jws.Claims(sub, Roles.TenantAdmin, tenant).ToJsonString().Replace(LoneSurrogate, "alice\\ud800", StringComparison.Ordinal);

        var reply = await SendAsync(HttpMethod.Put, $"{Settings(tenant)}/sender-name", new { senderName = "Nowa" }, Jws.SignRaw(claims));

        Assert.Equal(401, reply.Status);
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Theory]
    [InlineData("tenant_id")]
    [InlineData("role")]
    [InlineData("name")]
    [InlineData("a name with a NUL")]
    public async Task any_claim_with_a_nul_is_401_not_500(string claim)
    {
        var tenant = await ConfiguredTenantAsync();
        var claims = Jws.Claims("alice", Roles.TenantAdmin, tenant);
        if (claim == "a name with a NUL")
        {
            claims["na\0me"] = "value";
        }
        else
        {
            claims[claim] = claim == "role" ? new JsonArray(Roles.TenantAdmin, "x\0") : $"{tenant}\0";
        }

        var change = await SendAsync(HttpMethod.Put, $"{Settings(tenant)}/sender-name", new { senderName = "Nowa" }, Jws.Sign(claims));
        var read = await SendAsync(HttpMethod.Get, Settings(tenant), null, Jws.Sign(claims));

        Assert.Equal(401, change.Status);
        Assert.Equal(401, read.Status);
        Assert.Equal(2, await EventCountAsync(tenant));
    }

    [Fact]
    public async Task a_sub_of_200_printable_characters_is_recorded_as_the_actor()
    {
        var tenant = await ConfiguredTenantAsync();
        var sub = string.Concat(Enumerable.Repeat("Zażółć gęślą ", 20))[..200];

        var reply = await SendAsync(HttpMethod.Put, $"{Settings(tenant)}/sender-name", new { senderName = "Nowa" }, Jws.Sign(Jws.Claims(sub, Roles.TenantAdmin, tenant)));

        Assert.Equal(200, reply.Status);
        Assert.Equal(sub, reply.Json["updatedBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_401_outside_development_has_no_error_description()
    {
        var tenant = NewTenant();
        var expired = Jws.Claims("alice", Roles.TenantAdmin, tenant);
        expired["exp"] = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds();

        var wrongKey = await SendAsync(HttpMethod.Get, Settings(tenant), null, Jws.Sign(Jws.Claims("alice", Roles.TenantAdmin, tenant), "another-signing-key-that-is-long-enough-0123"));
        var late = await SendAsync(HttpMethod.Get, Settings(tenant), null, Jws.Sign(expired));

        Assert.Equal(401, wrongKey.Status);
        Assert.Equal(401, late.Status);
        Assert.StartsWith("Bearer", wrongKey.WwwAuthenticate, StringComparison.Ordinal);
        Assert.DoesNotContain("error_description", wrongKey.WwwAuthenticate, StringComparison.Ordinal);
        Assert.DoesNotContain("error_description", late.WwwAuthenticate, StringComparison.Ordinal);
    }

    private Task<Reply> SendAsync(HttpMethod method, string path, object? body, string token) =>
        As(Identity.None).SendAsync(method, path, body is null ? null : JsonContent.Create(body), null, token);
}
