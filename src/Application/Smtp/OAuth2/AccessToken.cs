namespace Desktomy.Email.Application.Smtp.OAuth2;

/// <summary>A bearer token for SMTP XOAUTH2 and the time its issuer says it stops working.</summary>
public sealed record AccessToken(string Value, DateTimeOffset ObtainedAt, DateTimeOffset ExpiresAt)
{
    public TimeSpan Lifetime => ExpiresAt - ObtainedAt;

    // A token is as good as a password until it expires.
    public override string ToString() => $"access token valid until {ExpiresAt:O}";
}
