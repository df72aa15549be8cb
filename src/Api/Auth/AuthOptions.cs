using System.Text;

namespace Desktomy.Email.Api.Auth;

/// <summary>Configuration section <c>Auth</c>: an HS256 signing key (Development, tests) or an OAuth authority.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const int MinSigningKeyBytes = 32;

    /// <summary>The key scripts/run.sh starts the service with; the <c>token</c> command signs with it when no key is configured.</summary>
    public const string DevelopmentSigningKey = "desktomy-development-signing-key-not-for-production";

    public string? SigningKey { get; set; }

    public string? Authority { get; set; }

    /// <summary>When set, an HS256 token must carry this <c>iss</c> (the <c>token</c> command and the development tokens do).</summary>
    public string? Issuer { get; set; }

    /// <summary>When set, a token must carry this <c>aud</c>.</summary>
    public string? Audience { get; set; }

    public byte[] SigningKeyBytes() => Encoding.UTF8.GetBytes(SigningKey ?? string.Empty);

    public string? Problem() =>
        !string.IsNullOrWhiteSpace(Authority) ? null
        : string.IsNullOrEmpty(SigningKey) ? "Set Auth:Authority (and Auth:Audience) for an identity provider, or Auth:SigningKey for HS256 tokens."
        : SigningKeyBytes().Length < MinSigningKeyBytes ? $"Auth:SigningKey must be at least {MinSigningKeyBytes} bytes long."
        : null;
}
