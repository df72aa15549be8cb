using System.Net;
using Desktomy.Email.Application.Smtp;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Api.Tests.Smtp;

/// <summary>The guard's decision for each address, taken before any socket exists: nothing here sends a packet.</summary>
public sealed class SmtpHostGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.5.4")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("::7f00:1")]
    [InlineData("2002:7f00:1::")]
    [InlineData("2001:0:4136:e378::1")]
    [InlineData("fec0::1")]
    public void loopback_private_link_local_and_reserved_addresses_are_refused(string address) =>
        Assert.False(Guard().IsAllowed(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:93.184.216.34")]
    public void public_addresses_are_allowed(string address) => Assert.True(Guard().IsAllowed(IPAddress.Parse(address)));

    [Fact]
    public void an_allowed_network_opens_only_that_network()
    {
        var guard = Guard(allowedNetworks: ["10.20.0.0/16"]);

        Assert.True(guard.IsAllowed(IPAddress.Parse("10.20.3.4")));
        Assert.False(guard.IsAllowed(IPAddress.Parse("10.21.3.4")));
        Assert.False(guard.IsAllowed(IPAddress.Parse("127.0.0.1")));
    }

    [Fact]
    public void allowing_private_hosts_lifts_the_guard() => Assert.True(Guard(allowPrivate: true).IsAllowed(IPAddress.Loopback));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::ffff:192.168.0.1")]
    [InlineData("[::1]")]
    public async Task an_ip_literal_is_refused_without_any_lookup_or_connection(string host)
    {
        await Assert.ThrowsAsync<SmtpHostRefusedException>(() => Guard().ResolveAsync(host, trusted: false, CancellationToken.None));
    }

    [Fact]
    public async Task the_platforms_own_server_is_trusted()
    {
        Assert.Equal(IPAddress.Loopback, await Guard().ResolveAsync("127.0.0.1", trusted: true, CancellationToken.None));
    }

    private static SmtpHostGuard Guard(bool allowPrivate = false, string[]? allowedNetworks = null) =>
        new(Options.Create(new SmtpNetworkOptions { AllowPrivateHosts = allowPrivate, AllowedNetworks = allowedNetworks ?? [] }));
}
