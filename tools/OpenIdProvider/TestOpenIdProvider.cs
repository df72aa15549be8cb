using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Desktomy.Email.OpenIdProvider;

/// <summary>
/// A small OpenID provider on a loopback port, speaking the protocol the console uses: discovery, the authorization
/// endpoint (it signs in <see cref="User"/> at once, as a provider with a remembered session would), the token
/// endpoint (code + client secret + PKCE verifier), signed RS256 ID tokens, JWKS and userinfo.
/// </summary>
public sealed class TestOpenIdProvider : IAsyncDisposable
{
    public const string ClientId = "desktomy-console";
    public const string ClientSecret = "console-client-secret-for-tests";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key" };
    private readonly ConcurrentDictionary<string, (string Nonce, string Challenge, Dictionary<string, object> Claims)> _codes = new();
    private readonly ConcurrentDictionary<string, Dictionary<string, object>> _accessTokens = new();

    private TestOpenIdProvider(WebApplication app) => _app = app;

    public string Issuer { get; private set; } = string.Empty;

    /// <summary>The claims of the user the next sign-in is for (besides <c>sub</c>: <c>role</c>, <c>tenant_id</c>).</summary>
    public Dictionary<string, object> User { get; set; } = new() { ["sub"] = "oidc-user" };

    public static async Task<TestOpenIdProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new TestOpenIdProvider(app);
        provider.Map(app);
        await app.StartAsync();
        provider.Issuer = app.Urls.First().TrimEnd('/');
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Rsa.Dispose();
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"{Issuer}/authorize",
            ["token_endpoint"] = $"{Issuer}/token",
            ["userinfo_endpoint"] = $"{Issuer}/userinfo",
            ["jwks_uri"] = $"{Issuer}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(_key);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
        });
        app.MapGet("/authorize", (HttpRequest request) =>
        {
            var query = request.Query;
            if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256")
            {
                return Results.BadRequest("unexpected authorization request");
            }

            var code = RandomNumberGenerator.GetHexString(32);
            _codes[code] = (query["nonce"].ToString(), query["code_challenge"].ToString(), new Dictionary<string, object>(User));
            return Results.Redirect($"{query["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(query["state"].ToString())}&iss={Uri.EscapeDataString(Issuer)}");
        });
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret || !_codes.TryRemove(form["code"].ToString(), out var grant)
                || Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.Challenge)
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }

            var claims = new Dictionary<string, object>(grant.Claims) { ["nonce"] = grant.Nonce };
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = ClientId,
                Claims = claims,
                IssuedAt = DateTime.UtcNow,
                NotBefore = DateTime.UtcNow.AddSeconds(-5),
                Expires = DateTime.UtcNow.AddMinutes(5),
                SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
            });
            var accessToken = RandomNumberGenerator.GetHexString(32);
            _accessTokens[accessToken] = grant.Claims;
            return Results.Json(new { id_token = idToken, access_token = accessToken, token_type = "Bearer", expires_in = 300 });
        });
        app.MapGet("/userinfo", (HttpRequest request) =>
            _accessTokens.TryGetValue(request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal), out var claims)
                ? Results.Json(claims)
                : Results.Unauthorized());
    }
}
