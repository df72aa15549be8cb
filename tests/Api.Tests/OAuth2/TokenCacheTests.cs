using Desktomy.Email.Api.Tests.Infrastructure;
using Desktomy.Email.Application.Smtp.OAuth2;
using static Desktomy.Email.Api.Tests.OAuth2.OAuth2Setup;

namespace Desktomy.Email.Api.Tests.OAuth2;

/// <summary>Tokens per tenant and settings version, reused until shortly before they expire, one request for many callers.</summary>
public sealed class TokenCacheTests : IDisposable
{
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private readonly List<TokenEndpointClient> _clients = [];

    public void Dispose() => _clients.ForEach(client => client.Dispose());

    [Fact]
    public async Task a_token_is_reused_until_five_minutes_before_it_expires()
    {
        await using var server = await StartRegisteredAsync(_clock);
        var (tokens, cache) = Source(server);
        var key = TokenCacheKey.For("acme", 3, MicrosoftApp(), Mailbox);

        var first = await tokens.GetTokenAsync(MicrosoftApp(), Mailbox, key, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(54));
        var reused = await tokens.GetTokenAsync(MicrosoftApp(), Mailbox, key, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var renewed = await tokens.GetTokenAsync(MicrosoftApp(), Mailbox, key, CancellationToken.None);

        Assert.Same(first, reused);
        Assert.NotEqual(first.Value, renewed.Value);
        Assert.Equal(2, server.Requests.Count);
        Assert.True(server.IsValid(Mailbox, renewed.Value));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task a_short_lived_token_is_refreshed_after_half_its_life_and_never_handed_out_expired()
    {
        await using var server = await StartRegisteredAsync(_clock);
        server.TokenLifetime = TimeSpan.FromSeconds(60);
        var (tokens, _) = Source(server);
        var key = TokenCacheKey.For("acme", 3, GoogleAccount(), Mailbox);

        var first = await tokens.GetTokenAsync(GoogleAccount(), Mailbox, key, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Same(first, await tokens.GetTokenAsync(GoogleAccount(), Mailbox, key, CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(32));
        var refreshed = await tokens.GetTokenAsync(GoogleAccount(), Mailbox, key, CancellationToken.None);

        Assert.False(server.IsValid(Mailbox, first.Value));
        Assert.True(server.IsValid(Mailbox, refreshed.Value));
    }

    [Fact]
    public async Task a_new_settings_version_gets_a_new_token_and_the_old_versions_are_forgotten()
    {
        await using var server = await StartRegisteredAsync(_clock);
        var (tokens, cache) = Source(server);

        var old = await tokens.GetTokenAsync(MicrosoftApp(), Mailbox, TokenCacheKey.For("acme", 3, MicrosoftApp(), Mailbox), CancellationToken.None);
        var current = await tokens.GetTokenAsync(MicrosoftApp(), Mailbox, TokenCacheKey.For("acme", 4, MicrosoftApp(), Mailbox), CancellationToken.None);

        Assert.NotEqual(old.Value, current.Value);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task changed_settings_never_get_the_token_obtained_for_the_old_ones()
    {
        await using var server = await StartRegisteredAsync(_clock);
        var (tokens, _) = Source(server);
        await tokens.GetTokenAsync(MicrosoftApp(), Mailbox, TokenCacheKey.For("acme", 3, MicrosoftApp(), Mailbox), CancellationToken.None);
        var changed = MicrosoftApp(secret: "Wr0ng-oauth-secret~value-0002");

        var failure = await Assert.ThrowsAsync<OAuth2TokenException>(() => tokens.GetTokenAsync(changed, Mailbox, TokenCacheKey.For("acme", 3, changed, Mailbox), CancellationToken.None));

        Assert.Equal("AADSTS7000215", failure.ProviderError);
    }

    [Fact]
    public async Task tenants_never_share_a_token()
    {
        await using var server = await StartRegisteredAsync(_clock);
        var (tokens, _) = Source(server);

        var acme = await tokens.GetTokenAsync(MicrosoftApp(), Mailbox, TokenCacheKey.For("acme", 3, MicrosoftApp(), Mailbox), CancellationToken.None);
        var other = await tokens.GetTokenAsync(MicrosoftApp(), Mailbox, TokenCacheKey.For("other", 3, MicrosoftApp(), Mailbox), CancellationToken.None);

        Assert.NotEqual(acme.Value, other.Value);
    }

    [Fact]
    public async Task invalidating_a_refused_token_gets_one_fresh_token_and_a_stale_refusal_keeps_it()
    {
        await using var server = await StartRegisteredAsync(_clock);
        var (tokens, _) = Source(server);
        var key = TokenCacheKey.For("acme", 3, MicrosoftApp(), Mailbox);
        var refused = await tokens.GetTokenAsync(MicrosoftApp(), Mailbox, key, CancellationToken.None);

        tokens.Invalidate(key, refused);
        var fresh = await tokens.GetTokenAsync(MicrosoftApp(), Mailbox, key, CancellationToken.None);
        tokens.Invalidate(key, refused);

        Assert.NotEqual(refused.Value, fresh.Value);
        Assert.Same(fresh, await tokens.GetTokenAsync(MicrosoftApp(), Mailbox, key, CancellationToken.None));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task parallel_callers_share_one_token_request()
    {
        await using var server = await StartRegisteredAsync(_clock);
        var (tokens, _) = Source(server);
        var key = TokenCacheKey.For("acme", 3, GenericClient(server), Mailbox);

        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => tokens.GetTokenAsync(GenericClient(server), Mailbox, key, CancellationToken.None)));

        Assert.Single(all.Select(t => t.Value).Distinct());
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task a_failed_request_is_not_cached()
    {
        await using var server = await StartRegisteredAsync(_clock);
        server.FailNext(1);
        var (tokens, _) = Source(server);
        var key = TokenCacheKey.For("acme", 3, MicrosoftApp(), Mailbox);

        await Assert.ThrowsAsync<OAuth2TokenException>(() => tokens.GetTokenAsync(MicrosoftApp(), Mailbox, key, CancellationToken.None));
        var token = await tokens.GetTokenAsync(MicrosoftApp(), Mailbox, key, CancellationToken.None);

        Assert.True(server.IsValid(Mailbox, token.Value));
    }

    private (OAuth2TokenSource Tokens, TokenCache Cache) Source(OAuth2TokenServer server)
    {
        var cache = new TokenCache(_clock);
        var client = Client(server, _clock);
        _clients.Add(client);
        return (new OAuth2TokenSource(client, cache), cache);
    }
}
