using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Desktomy.Email.Api.Tests.Infrastructure;

/// <summary>
/// What the token double decides for each grant, with the answers the real providers give: Entra ID's bodies carry
/// <c>error_codes</c> and an <c>AADSTS…</c> description, Google's the <c>error</c>/<c>error_description</c> pair.
/// </summary>
internal sealed class OAuth2Grants(TimeProvider clock)
{
    public const string MicrosoftScope = "https://outlook.office365.com/.default";
    public const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private readonly ConcurrentDictionary<string, Issued> _issued = new();

    public sealed record Answer(int Status, object Body);

    public sealed record MicrosoftApp(string Secret, string[] Mailboxes);

    public sealed record GoogleAccount(RSAParameters PublicKey, string[] Mailboxes, string[] Scopes);

    public sealed record GenericClient(string Secret, string? Scope, string[] Mailboxes);

    private sealed record Issued(string[] Mailboxes, DateTimeOffset ExpiresAt);

    public ConcurrentDictionary<(string Directory, string ClientId), MicrosoftApp> MicrosoftApps { get; } = new();

    public ConcurrentDictionary<string, GoogleAccount> GoogleAccounts { get; } = new();

    public ConcurrentDictionary<string, GenericClient> GenericClients { get; } = new();

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public static Answer Refuse(int status, string error, string description) => new(status, new { error, error_description = description });

    public bool IsValid(string mailbox, string token) =>
        _issued.TryGetValue(token, out var issued) && clock.GetUtcNow() < issued.ExpiresAt && issued.Mailboxes.Contains(mailbox, StringComparer.OrdinalIgnoreCase);

    public void RevokeAll() => _issued.Clear();

    public Answer Microsoft(string directory, IFormCollection form)
    {
        if (form["grant_type"] != "client_credentials")
        {
            return Aad(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
        }

        if (!MicrosoftApps.Keys.Any(k => k.Directory == directory))
        {
            return Aad(400, "invalid_request", 90002, $"Tenant '{directory}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
        }

        if (!MicrosoftApps.TryGetValue((directory, form["client_id"].ToString()), out var app))
        {
            return Aad(400, "unauthorized_client", 700016, $"Application with identifier '{form["client_id"]}' was not found in the directory '{directory}'. This can happen if the application has not been installed by the administrator of the tenant.");
        }

        if (form["client_secret"] != app.Secret)
        {
            return Aad(401, "invalid_client", 7000215, $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{form["client_id"]}'.");
        }

        return form["scope"] != MicrosoftScope
            ? Aad(400, "invalid_scope", 70011, $"The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid.")
            : Issue(app.Mailboxes, "EwB");
    }

    public Answer Google(IFormCollection form, string audience)
    {
        if (form["grant_type"] != JwtBearer)
        {
            return Refuse(400, "unsupported_grant_type", "Invalid grant_type: " + form["grant_type"]);
        }

        var parts = form["assertion"].ToString().Split('.');
        if (parts.Length != 3 || Json(parts[0]) is not { } header || Json(parts[1]) is not { } claims || Text(header, "alg") != "RS256")
        {
            return Refuse(400, "invalid_grant", "Invalid JWT: the assertion is not a signed JWT.");
        }

        if (Text(claims, "iss") is not { } issuer || !GoogleAccounts.TryGetValue(issuer, out var account))
        {
            return Refuse(400, "invalid_grant", "Invalid grant: account not found");
        }

        using var key = RSA.Create(account.PublicKey);
        if (!Base64Url.IsValid(parts[2]) || !key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return Refuse(400, "invalid_grant", "Invalid JWT Signature.");
        }

        if (Text(claims, "aud") != audience)
        {
            return Refuse(400, "invalid_grant", "Invalid JWT: Failed audience check. The expected audience is the token endpoint.");
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        if (Number(claims, "iat") is not { } iat || Number(claims, "exp") is not { } exp || exp - iat > 3600 || iat > now + 300 || exp <= now)
        {
            return Refuse(400, "invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.");
        }

        if (Text(claims, "scope") is not { } scope || !account.Scopes.Contains(scope))
        {
            return Refuse(401, "unauthorized_client", "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.");
        }

        return Text(claims, "sub") is { } mailbox && account.Mailboxes.Contains(mailbox, StringComparer.OrdinalIgnoreCase)
            ? Issue([mailbox], "ya29.")
            : Refuse(400, "invalid_grant", "Invalid email or User ID");
    }

    public Answer Generic(IFormCollection form)
    {
        if (form["grant_type"] != "client_credentials")
        {
            return Refuse(400, "unsupported_grant_type", "Only client_credentials is supported.");
        }

        if (!GenericClients.TryGetValue(form["client_id"].ToString(), out var client) || form["client_secret"] != client.Secret)
        {
            return Refuse(401, "invalid_client", "Client authentication failed.");
        }

        return form["scope"].ToString() is { Length: > 0 } scope && scope != client.Scope
            ? Refuse(400, "invalid_scope", "The requested scope is invalid, unknown, or malformed.")
            : Issue(client.Mailboxes, "gen-");
    }

    private Answer Issue(string[] mailboxes, string prefix)
    {
        var token = prefix + RandomNumberGenerator.GetHexString(48, lowercase: true);
        _issued[token] = new Issued(mailboxes, clock.GetUtcNow() + TokenLifetime);
        var seconds = (long)TokenLifetime.TotalSeconds;
        return new Answer(200, new { token_type = "Bearer", expires_in = seconds, ext_expires_in = seconds, access_token = token });
    }

    private static Answer Aad(int status, string error, long code, string description) => new(status, new
    {
        error,
        error_description = $"AADSTS{code}: {description} Trace ID: {Guid.NewGuid()} Correlation ID: {Guid.NewGuid()} Timestamp: 2026-12-01 09:00:00Z",
        error_codes = new[] { code },
        timestamp = "2026-12-01 09:00:00Z",
        trace_id = Guid.NewGuid(),
        correlation_id = Guid.NewGuid(),
        error_uri = $"https://login.microsoftonline.com/error?code={code}",
    });

    private static JsonElement? Json(string part)
    {
        try
        {
            return Base64Url.IsValid(part) ? JsonDocument.Parse(Base64Url.DecodeFromChars(part)).RootElement : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement? json, string name) =>
        json is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Number(JsonElement? json, string name) =>
        json is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : null;
}
