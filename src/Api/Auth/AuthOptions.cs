using System.Text;

namespace Desktomy.Email.Api.Auth;

/// <summary>Configuration section <c>Auth</c>: an HS256 signing key (Development, tests) or an OAuth authority.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const int MinSigningKeyBytes = 32;

    public string? SigningKey { get; set; }

    public string? Authority { get; set; }

    public string? Audience { get; set; }

    public byte[] SigningKeyBytes() => Encoding.UTF8.GetBytes(SigningKey ?? string.Empty);

    public string? Problem() =>
        !string.IsNullOrWhiteSpace(Authority) ? null
        : string.IsNullOrEmpty(SigningKey) ? "Set Auth:Authority (and Auth:Audience) for an identity provider, or Auth:SigningKey for HS256 tokens."
        : SigningKeyBytes().Length < MinSigningKeyBytes ? $"Auth:SigningKey must be at least {MinSigningKeyBytes} bytes long."
        : null;
}
