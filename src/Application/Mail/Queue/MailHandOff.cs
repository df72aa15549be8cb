using Microsoft.Extensions.Options;

namespace Desktomy.Email.Application.Mail.Queue;

/// <summary>A claim for mails about to be accepted: their queue rows are written holding it, until <paramref name="LeaseUntil"/>.</summary>
public readonly record struct HandOffClaim(Guid Claim, DateTimeOffset LeaseUntil);

/// <summary>
/// The mails this node has just accepted, handed to its own <see cref="MailQueueWorker"/> with the documents the
/// acceptance built (decision 18). Their queue rows are written already claimed, with a lease, so no other node takes
/// them and the worker needs no claim: before it sends them it only checks that their rows are still its (a cancel
/// takes a row out) and reads the tenants' current settings (<see cref="MailQueueRows.HeldAsync"/>). A node that dies
/// holding them gives them back when the lease runs out, as it does a claim. At most <see cref="MailDeliveryOptions.ClaimBatchSize"/>
/// mails wait here (a batch may bring more at once); when there is no room, or no worker running, the rows are written
/// unclaimed, and the worker claims them from the queue.
/// </summary>
public sealed class MailHandOff(IOptions<MailDeliveryOptions> options)
{
    private readonly Lock _lock = new();
    private readonly MailDeliveryOptions _options = options.Value;
    private readonly List<ClaimedMail> _waiting = [];
    private int _reserved;
    private bool _open;
    private bool _overflowed;

    /// <summary>A claim for <paramref name="count"/> mails accepted at <paramref name="now"/>, or null when they are to be written unclaimed.</summary>
    public HandOffClaim? Reserve(int count, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_open || _waiting.Count + _reserved >= _options.ClaimBatchSize)
            {
                _overflowed |= _open;
                return null;
            }

            _reserved += count;
            return new HandOffClaim(Guid.CreateVersion7(), now + _options.ClaimLease);
        }
    }

    /// <summary>
    /// The reserved mails were committed, holding their claim: the worker may send them. False when the worker stopped
    /// meanwhile: then the caller gives their rows back.
    /// </summary>
    public bool Accepted(int reserved, IEnumerable<ClaimedMail> mails)
    {
        lock (_lock)
        {
            _reserved -= reserved;
            if (_open)
            {
                _waiting.AddRange(mails);
            }

            return _open;
        }
    }

    /// <summary>The reserved mails were not committed.</summary>
    public void NotAccepted(int reserved)
    {
        lock (_lock)
        {
            _reserved -= reserved;
        }
    }

    /// <summary>
    /// Up to <paramref name="limit"/> waiting mails, the oldest first, and whether mails were written unclaimed since the
    /// last take (then the worker claims from the queue as well).
    /// </summary>
    public (List<ClaimedMail> Mails, bool Overflowed) Take(int limit)
    {
        lock (_lock)
        {
            var taken = _waiting.GetRange(0, Math.Min(limit, _waiting.Count));
            _waiting.RemoveRange(0, taken.Count);
            var overflowed = _overflowed;
            _overflowed = false;
            return (taken, overflowed);
        }
    }

    /// <summary>The claims of the mails still waiting, whose leases the worker renews with its own.</summary>
    public IReadOnlyList<Guid> WaitingClaims()
    {
        lock (_lock)
        {
            return [.. _waiting.Select(m => m.Claim).Distinct()];
        }
    }

    /// <summary>The worker is running: acceptances may hand it their mails.</summary>
    public void Open()
    {
        lock (_lock)
        {
            _open = true;
        }
    }

    /// <summary>The worker is stopping: no more mails are handed to it, and the claims of those still waiting are returned, to be given back.</summary>
    public IReadOnlyList<Guid> Close()
    {
        lock (_lock)
        {
            _open = false;
            var claims = _waiting.Select(m => m.Claim).Distinct().ToList();
            _waiting.Clear();
            return claims;
        }
    }
}
