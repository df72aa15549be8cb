using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Desktomy.Email.Application.Common;

/// <summary>Configuration section <c>RateLimits</c>: permits per tenant per minute.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public int SmtpVerificationsPerMinute { get; set; } = 10;

    /// <summary>Ten a second: room for a tenant's own traffic and a full batch, not for a leaked token to spam with (README).</summary>
    public int MailsPerMinute { get; set; } = 600;
}

public enum Allowance
{
    SmtpVerifications,
    Mails,
}

/// <summary>
/// Per-tenant allowances (fixed windows of a minute, per node) for what makes our servers talk to other servers. Use
/// cases take from them only for work that really goes out, after validation and the private-host guard, so a
/// refused request costs the tenant nothing.
/// </summary>
public sealed class TenantAllowance(IOptions<RateLimitOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<(Allowance, string), Counter> _counters = new();

    /// <exception cref="AllowanceExceededException">The tenant has used this minute's allowance.</exception>
    public void Take(Allowance allowance, string tenantId, int count = 1)
    {
        var limit = allowance == Allowance.Mails ? options.Value.MailsPerMinute : options.Value.SmtpVerificationsPerMinute;
        var now = clock.GetUtcNow();
        var counter = _counters.GetOrAdd((allowance, tenantId), _ => new Counter());
        lock (counter)
        {
            if (now >= counter.WindowStart + Window)
            {
                (counter.WindowStart, counter.Used) = (now, 0);
            }

            if (counter.Used + count > limit)
            {
                throw new AllowanceExceededException(counter.WindowStart + Window - now);
            }

            counter.Used += count;
        }
    }

    private sealed class Counter
    {
        public DateTimeOffset WindowStart { get; set; }

        public int Used { get; set; }
    }
}

public sealed class AllowanceExceededException(TimeSpan retryAfter)
    : Exception($"This tenant has used its allowance for this operation; try again in {Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds))} s.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
