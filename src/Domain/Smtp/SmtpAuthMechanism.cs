namespace Desktomy.Email.Domain.Smtp;

public enum SmtpAuthMechanism
{
    Auto,
    Plain,
    Login,
    CramMd5,
    None,

    /// <summary>SASL XOAUTH2 with an access token from the configured OAuth 2.0 provider.</summary>
    OAuth2,
}
