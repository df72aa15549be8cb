using System.Collections.Concurrent;
using Desktomy.Email.Application.Smtp;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Application.Mail.Sending;

/// <summary>
/// Connected, authenticated MailKit clients kept per destination, so a burst of mail to one server reuses a few
/// connections instead of opening one per mail. A key includes the tenant and its settings version, so clients are
/// never shared between tenants and a settings change starts fresh. A timer closes clients idle for too long.
/// </summary>
public sealed class SmtpClientPool : IDisposable
{
    private readonly ConcurrentDictionary<SmtpPoolKey, ConcurrentQueue<Idle>> _idle = new();
    private readonly ConcurrentDictionary<string, long> _versions = new();
    private readonly SmtpConnector _connector;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _idleTimeout;
    private readonly int _maxIdlePerDestination;
    private readonly ITimer _sweeper;

    public SmtpClientPool(SmtpConnector connector, TimeProvider clock, IOptions<MailDeliveryOptions> options)
    {
        _connector = connector;
        _clock = clock;
        _idleTimeout = TimeSpan.FromSeconds(options.Value.IdleConnectionSeconds);
        _maxIdlePerDestination = options.Value.ParallelSends;
        _sweeper = clock.CreateTimer(_ => CloseIdle(), null, _idleTimeout, _idleTimeout);
    }

    /// <summary>
    /// A pooled client when one is ready, else a new connection to the target <paramref name="target"/> makes (only then:
    /// a pooled client is already logged in, so the secret is not unsealed for it); <see cref="Lease.Reused"/> says which.
    /// </summary>
    public async Task<Lease> RentAsync(SmtpPoolKey key, Func<CancellationToken, Task<SmtpTarget>> target, CancellationToken cancellationToken)
    {
        DropOtherVersions(key);
        if (_idle.TryGetValue(key, out var queue))
        {
            while (queue.TryDequeue(out var idle))
            {
                if (IsFresh(idle))
                {
                    return new Lease(idle.Client, Reused: true);
                }

                idle.Client.Dispose();
            }
        }

        return new Lease(await _connector.ConnectAsync(await target(cancellationToken), cancellationToken), Reused: false);
    }

    /// <summary>Gives a client back after a send; a broken one (or one too many) is closed instead.</summary>
    public void Return(SmtpPoolKey key, SmtpClient client, bool healthy)
    {
        var queue = _idle.GetOrAdd(key, _ => new ConcurrentQueue<Idle>());
        if (healthy && client.IsConnected && queue.Count < _maxIdlePerDestination && !IsOutdated(key))
        {
            queue.Enqueue(new Idle(client, _clock.GetUtcNow()));
            return;
        }

        client.Dispose();
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        foreach (var key in _idle.Keys)
        {
            Close(key);
        }
    }

    /// <summary>A client of a tenant's settings version older than one a send has named since (it is closed, not kept).</summary>
    private bool IsOutdated(SmtpPoolKey key) => key.Tenant is { } tenant && _versions.TryGetValue(tenant, out var seen) && seen != key.SettingsVersion;

    private bool IsFresh(Idle idle) => idle.Client.IsConnected && _clock.GetUtcNow() - idle.Since < _idleTimeout;

    private void CloseIdle()
    {
        foreach (var queue in _idle.Values)
        {
            for (var count = queue.Count; count > 0 && queue.TryDequeue(out var idle); count--)
            {
                if (IsFresh(idle))
                {
                    queue.Enqueue(idle);
                }
                else
                {
                    idle.Client.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// Closes a tenant's clients of other settings versions when a send names a version not seen last for it. Looked up
    /// per tenant first: listing the pool's keys on every rent took all of the dictionary's locks once per mail.
    /// </summary>
    private void DropOtherVersions(SmtpPoolKey key)
    {
        if (key.Tenant is not { } tenant || (_versions.TryGetValue(tenant, out var seen) && seen == key.SettingsVersion))
        {
            return;
        }

        _versions[tenant] = key.SettingsVersion;
        foreach (var stale in _idle.Keys.Where(k => k.Tenant == tenant && k.SettingsVersion != key.SettingsVersion))
        {
            Close(stale);
        }
    }

    private void Close(SmtpPoolKey key)
    {
        if (_idle.TryRemove(key, out var queue))
        {
            while (queue.TryDequeue(out var idle))
            {
                idle.Client.Dispose();
            }
        }
    }

    public sealed record Lease(SmtpClient Client, bool Reused);

    private sealed record Idle(SmtpClient Client, DateTimeOffset Since);
}

/// <summary>
/// Which pooled connections may serve a send. Platform mail shares the platform server's connections
/// (<see cref="Tenant"/> is null); a tenant's own server is keyed by tenant and settings version.
/// </summary>
public sealed record SmtpPoolKey(string? Tenant, long SettingsVersion, string Host, int Port, Domain.Smtp.SmtpSecurity Security, string? Username);
