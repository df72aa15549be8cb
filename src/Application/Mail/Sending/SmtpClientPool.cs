using System.Collections.Concurrent;
using Desktomy.Email.Application.Smtp;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Application.Mail.Sending;

/// <summary>
/// Connected, authenticated MailKit clients kept per destination, so a burst of mail to one server reuses a few
/// connections instead of opening one per mail. A key includes the tenant and its settings version, so clients are
/// never shared between tenants and a settings change starts fresh; idle clients are closed after a while.
/// </summary>
public sealed class SmtpClientPool(SmtpConnector connector, TimeProvider clock, IOptions<MailDeliveryOptions> options) : IDisposable
{
    private const int MaxIdlePerDestination = 4;

    private readonly ConcurrentDictionary<SmtpPoolKey, ConcurrentQueue<Idle>> _idle = new();
    private readonly TimeSpan _idleTimeout = TimeSpan.FromSeconds(options.Value.IdleConnectionSeconds);

    public async Task<SmtpClient> RentAsync(SmtpPoolKey key, SmtpTarget target, CancellationToken cancellationToken)
    {
        DropOlderVersions(key);
        if (_idle.TryGetValue(key, out var queue))
        {
            while (queue.TryDequeue(out var idle))
            {
                if (idle.Client.IsConnected && clock.GetUtcNow() - idle.Since < _idleTimeout)
                {
                    return idle.Client;
                }

                idle.Client.Dispose();
            }
        }

        return await connector.ConnectAsync(target, cancellationToken);
    }

    /// <summary>Gives a client back after a send; a broken one (or one too many) is closed instead.</summary>
    public void Return(SmtpPoolKey key, SmtpClient client, bool healthy)
    {
        var queue = _idle.GetOrAdd(key, _ => new ConcurrentQueue<Idle>());
        if (healthy && client.IsConnected && queue.Count < MaxIdlePerDestination)
        {
            queue.Enqueue(new Idle(client, clock.GetUtcNow()));
            return;
        }

        client.Dispose();
    }

    public void Dispose()
    {
        foreach (var queue in _idle.Values)
        {
            while (queue.TryDequeue(out var idle))
            {
                idle.Client.Dispose();
            }
        }
    }

    private void DropOlderVersions(SmtpPoolKey key)
    {
        foreach (var stale in _idle.Keys.Where(k => k.Tenant == key.Tenant && k.SettingsVersion < key.SettingsVersion))
        {
            if (_idle.TryRemove(stale, out var queue))
            {
                while (queue.TryDequeue(out var idle))
                {
                    idle.Client.Dispose();
                }
            }
        }
    }

    private sealed record Idle(SmtpClient Client, DateTimeOffset Since);
}

/// <summary>
/// Which pooled connections may serve a send. Platform mail shares the platform server's connections
/// (<see cref="Tenant"/> is null); a tenant's own server is keyed by tenant and settings version.
/// </summary>
public sealed record SmtpPoolKey(string? Tenant, long SettingsVersion, string Host, int Port, Domain.Smtp.SmtpSecurity Security, string? Username);
