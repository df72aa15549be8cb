using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Application.Smtp;

/// <summary>
/// Guards against server-side request forgery through a tenant's SMTP host: the host is resolved here, every address
/// it resolves to must be public (or explicitly allowed), and the connection is then made to that checked address,
/// so a DNS answer that changes in between cannot redirect it.
/// </summary>
public sealed class SmtpHostGuard(IOptions<SmtpNetworkOptions> options)
{
    private static readonly IPNetwork[] Reserved =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/96"),
        IPNetwork.Parse("::ffff:0:0/96"),
        IPNetwork.Parse("64:ff9b::/96"),
        IPNetwork.Parse("64:ff9b:1::/48"),
        IPNetwork.Parse("2001::/32"),
        IPNetwork.Parse("2002::/16"),
        IPNetwork.Parse("fec0::/10"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    private readonly IPNetwork[] _allowed = [.. options.Value.AllowedNetworks.Select(IPNetwork.Parse)];

    /// <summary>The address to connect to, after checking (unless <paramref name="trusted"/>) every address the host resolves to.</summary>
    /// <exception cref="SmtpHostRefusedException">One of them is not allowed.</exception>
    public async Task<IPAddress> ResolveAsync(string host, bool trusted, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await LookUpAsync(host, cancellationToken);
        if (!trusted && addresses.Any(address => !IsAllowed(address)))
        {
            throw new SmtpHostRefusedException(host);
        }

        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
    }

    public bool IsAllowed(IPAddress address)
    {
        var canonical = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return options.Value.AllowPrivateHosts || _allowed.Any(n => n.Contains(canonical)) || !IsReserved(canonical);
    }

    /// <summary>IPv4-compatible (::/96), 6to4, Teredo and NAT64 forms are refused whole: they can embed any IPv4 address.</summary>
    public static bool IsReserved(IPAddress address) => Reserved.Any(network => network.Contains(address));

    /// <summary>Resolves the punycode form, so an internationalised name is looked up the way DNS knows it.</summary>
    private static async Task<IPAddress[]> LookUpAsync(string host, CancellationToken cancellationToken)
    {
        var ascii = Domain.Addresses.HostName.TryToAscii(host, out var name) ? name : host;
        var addresses = await Dns.GetHostAddressesAsync(ascii, cancellationToken);
        return addresses.Length > 0 ? addresses : throw new SocketException((int)SocketError.HostNotFound);
    }
}
