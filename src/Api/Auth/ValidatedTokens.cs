using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Desktomy.Email.Api.Auth;

/// <summary>
/// The bearer token handler, remembering the tokens it has validated: a client sends the same token with every
/// request, and parsing it and checking its signature again cost more than the rest of a settings read's
/// authentication. Keyed by the whole token (a changed byte is another key, validated in full); only valid tokens are
/// kept, each until its expiry but at most <see cref="MaxAge"/> (so a signing key withdrawn by the identity provider
/// stops being honoured within a minute), and at most <see cref="Capacity"/> of them. Every request gets its own copy
/// of the identity. Expiry is checked on the system clock, the one IdentityModel validates lifetimes with.
/// </summary>
public sealed class ValidatedTokens(TimeProvider clock) : JsonWebTokenHandler
{
    public const int Capacity = 4096;
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);

    public ValidatedTokens()
        : this(TimeProvider.System)
    {
    }

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow();
        if (_validated.TryGetValue(token, out var known))
        {
            if (now < known.Until)
            {
                return new TokenValidationResult { IsValid = true, ClaimsIdentity = known.Identity.Clone(), SecurityToken = known.Token, Issuer = known.Issuer, TokenType = known.TokenType };
            }

            _validated.TryRemove(token, out _);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result is { IsValid: true, SecurityToken: { ValidTo: var expires } validated } && expires > now.UtcDateTime)
        {
            Remember(token, new Validated(result.ClaimsIdentity.Clone(), validated, result.Issuer, result.TokenType, Min(new DateTimeOffset(expires, TimeSpan.Zero), now + MaxAge)), now);
        }

        return result;
    }

    private void Remember(string token, Validated validated, DateTimeOffset now)
    {
        if (_validated.Count >= Capacity)
        {
            foreach (var (key, value) in _validated)
            {
                if (value.Until <= now)
                {
                    _validated.TryRemove(key, out _);
                }
            }

            if (_validated.Count >= Capacity)
            {
                _validated.Clear();
            }
        }

        _validated[token] = validated;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed record Validated(System.Security.Claims.ClaimsIdentity Identity, SecurityToken Token, string? Issuer, string? TokenType, DateTimeOffset Until);
}
