using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Desktomy.Email.Api.Tests.Infrastructure;

namespace Desktomy.Email.Api.Tests.Edges;

/// <summary>HS256 tokens built by hand, so the claims are exactly what a case says (the development tokens would refuse some).</summary>
public static class Jws
{
    public static JsonObject Claims(string? subject, JsonNode? role, JsonNode? tenant)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new JsonObject
        {
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        if (subject is not null)
        {
            claims["sub"] = subject;
        }

        if (role is not null)
        {
            claims["role"] = role;
        }

        if (tenant is not null)
        {
            claims["tenant_id"] = tenant;
        }

        return claims;
    }

    public static string Sign(JsonObject claims, string signingKey = ApiFactory.SigningKey) => SignRaw(claims.ToJsonString(), signingKey);

    /// <summary>Signs claims written as JSON text, for what a serializer would not write (a lone surrogate escape).</summary>
    public static string SignRaw(string claimsJson, string signingKey = ApiFactory.SigningKey)
    {
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        var signingInput = $"{Segment(header.ToJsonString())}.{Segment(claimsJson)}";
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    public static bool Verifies(string token, string signingKey)
    {
        var parts = token.Split('.');
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        return parts.Length == 3 && CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(parts[2]));
    }

    private static string Segment(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
