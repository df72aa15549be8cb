using System.Collections.Concurrent;

namespace Desktomy.Email.Application.Smtp.OAuth2;

/// <summary>
/// Access tokens in memory until shortly before they expire: the margin is five minutes, or half the token's life
/// for a short-lived one, so a token is never handed out just as it stops working.
/// </summary>
public sealed class TokenCache(TimeProvider clock)
{
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<TokenCacheKey, AccessToken> _tokens = new();

    public int Count => _tokens.Count;

    public bool TryGet(TokenCacheKey key, out AccessToken token)
    {
        if (_tokens.TryGetValue(key, out token!) && clock.GetUtcNow() < UsableUntil(token))
        {
            return true;
        }

        _tokens.TryRemove(KeyValuePair.Create(key, token));
        token = null!;
        return false;
    }

    /// <summary>Keeps <paramref name="token"/> and forgets the tenant's tokens of older settings versions.</summary>
    public void Set(TokenCacheKey key, AccessToken token)
    {
        _tokens[key] = token;
        foreach (var older in _tokens.Keys.Where(k => k.TenantId == key.TenantId && k.SettingsVersion < key.SettingsVersion))
        {
            _tokens.TryRemove(older, out _);
        }
    }

    /// <summary>
    /// Forgets the token a server refused. Only that token: when parallel sends are refused together, the first one's
    /// fresh token is not thrown away by the others.
    /// </summary>
    public void Invalidate(TokenCacheKey key, AccessToken refused) => _tokens.TryRemove(KeyValuePair.Create(key, refused));

    private static DateTimeOffset UsableUntil(AccessToken token) =>
        token.ExpiresAt - (token.Lifetime / 2 < Margin ? token.Lifetime / 2 : Margin);
}
