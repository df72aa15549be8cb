using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Desktomy.Email.Domain.Addresses;

namespace Desktomy.Email.Domain.Smtp;

/// <summary>Where a tenant's mail goes out: a host name or IP literal, a port and the transport security.</summary>
public sealed record SmtpEndpoint
{
    public const int ImplicitTlsPort = 465;

    private SmtpEndpoint(string host, int port, SmtpSecurity security)
    {
        Host = host;
        Port = port;
        Security = security;
    }

    public string Host { get; }

    public int Port { get; }

    public SmtpSecurity Security { get; }

    public static SmtpSecurity DefaultSecurityFor(int port) => port == ImplicitTlsPort ? SmtpSecurity.SslOnConnect : SmtpSecurity.StartTls;

    public static string? HostError(string? host) =>
        host is not null && (IsIpLiteral(host) || HostName.IsValid(host))
            ? null
            : "The SMTP server must be a host name (e.g. smtp.example.com) or an IP address.";

    public static string? PortError(int? port) =>
        port is >= IPEndPoint.MinPort + 1 and <= IPEndPoint.MaxPort ? null : "The port must be between 1 and 65535.";

    public static bool TryCreate(string? host, int port, SmtpSecurity? security, [NotNullWhen(true)] out SmtpEndpoint? endpoint, out string error)
    {
        endpoint = null;
        if ((HostError(host) ?? PortError(port)) is { } problem)
        {
            error = problem;
            return false;
        }

        endpoint = new SmtpEndpoint(Canonical(host!), port, security ?? DefaultSecurityFor(port));
        error = string.Empty;
        return true;
    }

    public static SmtpEndpoint Create(string host, int port, SmtpSecurity? security = null) =>
        TryCreate(host, port, security, out var endpoint, out var error) ? endpoint : throw new ArgumentException(error, nameof(host));

    /// <summary>IP literals are stored in canonical form without brackets, so "[::1]" and "::1" are one destination.</summary>
    private static string Canonical(string host) =>
        TryParseIpLiteral(host, out var address) ? address.ToString() : host.TrimEnd('.').ToLowerInvariant();

    private static bool IsIpLiteral(string host) => TryParseIpLiteral(host, out _);

    private static bool TryParseIpLiteral(string host, [NotNullWhen(true)] out IPAddress? address)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (!IPAddress.TryParse(bare, out address))
        {
            return false;
        }

        // IPAddress.TryParse also takes "2130706433" or "0x7f.1": only the canonical dotted quad is an IPv4 literal.
        // An IPv6 zone (fe80::1%eth0) names one of our network interfaces, which a tenant has no business choosing.
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? address.ScopeId == 0 : address.ToString() == bare;
    }
}
