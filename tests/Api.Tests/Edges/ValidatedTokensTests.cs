using System.Text;
using Desktomy.Email.Api.Auth;
using Microsoft.IdentityModel.Tokens;

namespace Desktomy.Email.Api.Tests.Edges;

/// <summary>
/// The remembered validations of bearer tokens: a changed token is validated in full, and a remembered one is checked
/// again in full after its expiry or <see cref="ValidatedTokens.MaxAge"/>. "In full" shows here as the parameters
/// mattering again: the tests swap the signing key, which a remembered validation does not look at.
/// </summary>
public sealed class ValidatedTokensTests
{
    private const string KeyA = "validated-tokens-test-key-a-0123456789abcdef";
    private const string KeyB = "validated-tokens-test-key-b-0123456789abcdef";

    [Fact]
    public async Task a_token_changed_in_one_character_is_validated_in_full_and_refused()
    {
        var tokens = new ValidatedTokens(new Clock());
        var token = Issue(KeyA, TimeSpan.FromHours(1));
        Assert.True((await tokens.ValidateTokenAsync(token, Parameters(KeyA))).IsValid);

        var signature = token.LastIndexOf('.') + 1;
        var tampered = token[..signature] + (token[signature] == 'A' ? 'B' : 'A') + token[(signature + 1)..];

        Assert.False((await tokens.ValidateTokenAsync(tampered, Parameters(KeyA))).IsValid);
    }

    [Fact]
    public async Task a_remembered_token_is_validated_in_full_again_after_a_minute()
    {
        var clock = new Clock();
        var tokens = new ValidatedTokens(clock);
        var token = Issue(KeyA, TimeSpan.FromHours(1));
        Assert.True((await tokens.ValidateTokenAsync(token, Parameters(KeyA))).IsValid);

        clock.Now += TimeSpan.FromSeconds(30);
        var remembered = await tokens.ValidateTokenAsync(token, Parameters(KeyB));
        clock.Now += ValidatedTokens.MaxAge;
        var again = await tokens.ValidateTokenAsync(token, Parameters(KeyB));

        Assert.True(remembered.IsValid);
        Assert.Equal("alice", remembered.ClaimsIdentity.Name);
        Assert.False(again.IsValid);
    }

    [Fact]
    public async Task a_remembered_token_is_validated_in_full_again_once_it_expires()
    {
        var clock = new Clock();
        var tokens = new ValidatedTokens(clock);
        var token = Issue(KeyA, TimeSpan.FromSeconds(20));
        Assert.True((await tokens.ValidateTokenAsync(token, Parameters(KeyA))).IsValid);

        clock.Now += TimeSpan.FromSeconds(21);

        Assert.False((await tokens.ValidateTokenAsync(token, Parameters(KeyB))).IsValid);
    }

    [Fact]
    public async Task each_request_gets_its_own_copy_of_the_identity()
    {
        var tokens = new ValidatedTokens(new Clock());
        var token = Issue(KeyA, TimeSpan.FromHours(1));
        await tokens.ValidateTokenAsync(token, Parameters(KeyA));

        var first = (await tokens.ValidateTokenAsync(token, Parameters(KeyA))).ClaimsIdentity;
        first.AddClaim(new System.Security.Claims.Claim(Claims.Role, Roles.Support));
        var second = (await tokens.ValidateTokenAsync(token, Parameters(KeyA))).ClaimsIdentity;

        Assert.False(second.HasClaim(Claims.Role, Roles.Support));
        Assert.True(second.HasClaim(Claims.TenantId, "acme"));
    }

    private static string Issue(string key, TimeSpan lifetime) =>
        new DevelopmentTokens(new AuthOptions { SigningKey = key }, TimeProvider.System).Issue("alice", [Roles.TenantAdmin], "acme", lifetime);

    private static TokenValidationParameters Parameters(string key) => new()
    {
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ValidateIssuer = false,
        ValidateAudience = false,
        NameClaimType = Claims.Subject,
        RoleClaimType = Claims.Role,
        ClockSkew = TimeSpan.Zero,
    };

    /// <summary>Starts at the system's time, as the tokens' lifetimes are checked on it.</summary>
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = System.GetUtcNow();

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
