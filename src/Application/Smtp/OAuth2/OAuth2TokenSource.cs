using System.Collections.Concurrent;

namespace Desktomy.Email.Application.Smtp.OAuth2;

/// <summary>
/// Access tokens for SMTP XOAUTH2: from the cache while they are good, otherwise one request to the provider that
/// every concurrent caller for the same key shares (twenty parallel sends ask once).
/// </summary>
public sealed class OAuth2TokenSource(TokenEndpointClient endpoint, TokenCache cache)
{
    private readonly ConcurrentDictionary<TokenCacheKey, Lazy<Task<AccessToken>>> _requests = new();

    /// <exception cref="OAuth2TokenException">The provider gave no token.</exception>
    public async Task<AccessToken> GetTokenAsync(OAuth2Client client, string username, TokenCacheKey key, CancellationToken cancellationToken)
    {
        if (cache.TryGet(key, out var cached))
        {
            return cached;
        }

        var request = _requests.GetOrAdd(key, k => new Lazy<Task<AccessToken>>(() => RequestAsync(client, username, k)));
        return await request.Value.WaitAsync(cancellationToken);
    }

    /// <summary>The SMTP server refused <paramref name="token"/> (535): the next call obtains a fresh one.</summary>
    public void Invalidate(TokenCacheKey key, AccessToken token) => cache.Invalidate(key, token);

    /// <summary>
    /// Shared by every waiting caller, so no single caller's cancellation ends it; the token client's own timeout
    /// bounds it.
    /// </summary>
    private async Task<AccessToken> RequestAsync(OAuth2Client client, string username, TokenCacheKey key)
    {
        try
        {
            if (cache.TryGet(key, out var cached))
            {
                return cached;
            }

            var token = await endpoint.RequestAsync(client, username, CancellationToken.None);
            cache.Set(key, token);
            return token;
        }
        finally
        {
            _requests.TryRemove(key, out _);
        }
    }
}
