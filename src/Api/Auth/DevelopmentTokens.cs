using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Desktomy.Email.Api.Auth;

/// <summary>Mints HS256 tokens signed with Auth:SigningKey (with Auth:Issuer and Auth:Audience when set), for Development and tests only.</summary>
public sealed class DevelopmentTokens(AuthOptions options, TimeProvider clock)
{
    public string Issue(string subject, IEnumerable<string> roles, string? tenantId, TimeSpan? lifetime = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new List<Claim> { new(Claims.Subject, subject) };
        claims.AddRange(roles.Select(role => new Claim(Claims.Role, role)));
        if (tenantId is not null)
        {
            claims.Add(new Claim(Claims.TenantId, tenantId));
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = string.IsNullOrWhiteSpace(options.Issuer) ? null : options.Issuer,
            Audience = string.IsNullOrWhiteSpace(options.Audience) ? null : options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(12)),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(options.SigningKeyBytes()), SecurityAlgorithms.HmacSha256),
        });
    }
}
