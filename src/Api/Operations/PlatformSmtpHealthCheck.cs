using System.Net.Sockets;
using Desktomy.Email.Application.Smtp;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Api.Operations;

/// <summary>Ready when the platform SMTP server accepts a TCP connection (no mail, no login: a probe must be cheap).</summary>
public sealed class PlatformSmtpHealthCheck(IOptions<PlatformMailOptions> platform) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var server = platform.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(server.Host, server.Port, timeout.Token);
            return HealthCheckResult.Healthy($"The platform SMTP server {server.Host}:{server.Port} accepts connections.");
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The platform SMTP server {server.Host}:{server.Port} does not accept connections.");
        }
    }
}
