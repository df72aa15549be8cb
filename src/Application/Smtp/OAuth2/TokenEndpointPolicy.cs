using System.Net;

namespace Desktomy.Email.Application.Smtp.OAuth2;

/// <summary>
/// Which token endpoint URLs may be called at all, decided from the URL alone before anything is resolved or sent:
/// https only; plain http only to loopback and only where private hosts are allowed (tests, development).
/// </summary>
public static class TokenEndpointPolicy
{
    /// <summary>Null when the URL may be called, otherwise why not.</summary>
    public static string? Problem(Uri endpoint, bool allowPrivateHosts, SmtpHostGuard guard)
    {
        if (endpoint.UserInfo.Length > 0)
        {
            return "The token endpoint URL must not contain a user name or password.";
        }

        var literal = IPAddress.TryParse(endpoint.DnsSafeHost, out var address) ? address : null;
        if (endpoint.Scheme == Uri.UriSchemeHttp && allowPrivateHosts && IsLoopback(endpoint, literal))
        {
            return null;
        }

        if (endpoint.Scheme != Uri.UriSchemeHttps)
        {
            return "The token endpoint must be an https URL.";
        }

        return literal is not null && !guard.IsAllowed(literal) ? Refused(endpoint.Host) : null;
    }

    public static string Refused(string host) =>
        $"The token endpoint '{host}' is a private, loopback, link-local or otherwise reserved address, which cannot be used. Use the provider's public token URL.";

    private static bool IsLoopback(Uri endpoint, IPAddress? literal) =>
        literal is not null ? IPAddress.IsLoopback(literal) : string.Equals(endpoint.DnsSafeHost, "localhost", StringComparison.OrdinalIgnoreCase);
}
