namespace Desktomy.Email.Domain.Smtp;

/// <summary>Who issues the access token for SMTP XOAUTH2, and so which grant and fields apply.</summary>
public enum OAuth2Provider
{
    /// <summary>Microsoft Entra ID, client credentials with a client secret.</summary>
    Microsoft365,

    /// <summary>A Google Workspace service account with domain-wide delegation (RFC 7523 JWT bearer grant).</summary>
    Google,

    /// <summary>Any OAuth 2.0 server that issues tokens for client credentials.</summary>
    Generic,
}
