using System.Diagnostics;
using Desktomy.Email.Domain.Mail;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Desktomy.Email.Application.Mail.Queue;

/// <summary>
/// This node's sender of queued mail: take the mails this node accepted (<see cref="MailHandOff"/>: their rows are
/// claimed already, one read checks them and the tenants' settings) and claim due rows from the queue (one statement,
/// which also reads the deliveries, their bodies and each tenant's settings) when none were handed to it, when the
/// queue holds more (an acceptance found no room, a claim came back full), a retry falls due or a poll interval has
/// passed since the last claim; send them in parallel over the pooled connections, then record every outcome in
/// ONE commit (events with their expected versions, documents, rows deleted or due again). A commit that meets a
/// concurrent change (a cancel, say), or that PostgreSQL aborts to break a deadlock, is redone mail by mail on fresh
/// state, so one conflict never loses the others' outcomes. Idle, it waits for <see cref="MailQueueSignal"/> or the next
/// poll; woken by the signal, it lingers (<see cref="MailDeliveryOptions.ClaimLinger"/>) before it claims.
/// </summary>
public sealed partial class MailQueueWorker(
    MailQueueRows queue, MailHandOff handOff, MailQueueSignal signal, MailAttempt attempt, IOptions<MailDeliveryOptions> options, TimeProvider clock, ILogger<MailQueueWorker> logger)
    : BackgroundService
{
    private const int AttemptsToCompleteAlone = 3;

    private readonly MailDeliveryOptions _options = options.Value;
    private DateTimeOffset? _nextRetry;
    private long _lastClaim;
    private bool _queueHasMore;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        handOff.Open();
        try
        {
            while (true)
            {
                var claimed = await TryBatchAsync(stoppingToken);
                if (claimed == 0)
                {
                    if (await signal.WaitAsync(IdleWait(), stoppingToken) && _options.ClaimLinger > TimeSpan.Zero)
                    {
                        // Woken by a commit of this node: the request that made it answers before the claim and the sends take
                        // the cores, and mails accepted meanwhile share the claim.
                        await Task.Delay(_options.ClaimLinger, stoppingToken);
                    }
                }
                else if (claimed < _options.ClaimBatchSize && _options.ClaimLinger > TimeSpan.Zero)
                {
                    // Pacing in real time, as the poll is: the service's clock may stand still (tests) without stalling the queue.
                    await Task.Delay(_options.ClaimLinger, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            await ReleaseAsync(handOff.Close());
        }
    }

    /// <summary>Until the next poll, or sooner when a retry this node scheduled falls due before it.</summary>
    private TimeSpan IdleWait()
    {
        var wait = _options.PollInterval;
        if (_nextRetry is { } due)
        {
            var untilDue = due - clock.GetUtcNow();
            wait = untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue < wait ? untilDue : wait;
            _nextRetry = null;
        }

        return wait;
    }

    /// <summary>How many mails were taken: 0 when nothing was due (or PostgreSQL could not be reached).</summary>
    private async Task<int> TryBatchAsync(CancellationToken stoppingToken)
    {
        // Once per poll interval, and when a retry falls due, the handed mails fill at most half the batch: under a
        // steady stream of accepted mails the queue's own rows (retries, other nodes' and dead nodes' rows, mails that
        // found no room at acceptance) are still claimed, half a batch per poll interval at the least.
        var size = _options.ClaimBatchSize;
        var claimDue = Stopwatch.GetElapsedTime(_lastClaim) >= _options.PollInterval || _nextRetry <= clock.GetUtcNow();
        var (handed, overflowed) = handOff.Take(claimDue ? size / 2 : size);
        _queueHasMore |= overflowed;
        var batch = new List<ClaimedMail>(size);
        var claim = Guid.CreateVersion7();
        try
        {
            batch.AddRange(await queue.HeldAsync(handed, clock.GetUtcNow() + _options.ClaimLease / 2, stoppingToken));
            var room = size - handed.Count;
            if (room > 0 && (handed.Count == 0 || claimDue || _queueHasMore))
            {
                _lastClaim = Stopwatch.GetTimestamp();
                var claimed = await queue.ClaimAsync(claim, clock.GetUtcNow(), _options.ClaimLease, room, stoppingToken);
                _queueHasMore = claimed.Count == room;
                batch.AddRange(claimed);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync([.. handed.Select(m => m.Claim).Append(claim).Distinct()]);
            throw;
        }
        catch (Exception e)
        {
            // The handed mails keep their claims, and come back to a node when their lease runs out.
            LogClaimFailed(logger, e);
            if (batch.Count == 0)
            {
                return 0;
            }
        }

        if (batch.Count == 0)
        {
            return 0;
        }

        var claims = batch.Select(m => m.Claim).Distinct().ToList();
        var results = new AttemptResult?[batch.Count];
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var leaseKept = KeepLeaseAsync(claims, sending.Token);
        try
        {
            try
            {
                await Parallel.ForEachAsync(
                    Enumerable.Range(0, batch.Count),
                    new ParallelOptions { MaxDegreeOfParallelism = _options.ParallelSends, CancellationToken = stoppingToken },
                    async (i, cancellationToken) => results[i] = await attempt.RunAsync(batch[i], cancellationToken));
            }
            finally
            {
                await sending.CancelAsync();
                await leaseKept;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was sent is recorded, the rest is given back now rather than when the lease runs out.
            await CompleteAsync(batch, results, CancellationToken.None);
            await ReleaseAsync(claims);
            throw;
        }

        // Even when a stop comes now: the mails were sent, so their outcomes are recorded before the node goes.
        await CompleteAsync(batch, results, CancellationToken.None);
        return batch.Count;
    }

    /// <summary>Gives back rows this node holds and will not send (it is stopping); if PostgreSQL is away, they come back after the lease.</summary>
    private async Task ReleaseAsync(IReadOnlyCollection<Guid> claims)
    {
        try
        {
            await queue.ReleaseAsync(claims, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogReleaseFailed(logger, e, claims.Count);
        }
    }

    /// <summary>
    /// Renews the leases of the batch's claims, and of the mails handed to the worker meanwhile, every third of a lease
    /// while the batch is being sent, so that a batch slower than the lease (servers at their timeouts) is not taken by
    /// another node, and a dead node's claims still come back within one lease.
    /// </summary>
    private async Task KeepLeaseAsync(List<Guid> claims, CancellationToken cancellationToken)
    {
        using var renewal = new PeriodicTimer(_options.ClaimLease / 3, clock);
        try
        {
            while (await renewal.WaitForNextTickAsync(cancellationToken))
            {
                await queue.ExtendLeaseAsync([.. claims, .. handOff.WaitingClaims()], clock.GetUtcNow() + _options.ClaimLease, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the claim's mails are done
        }
        catch (Exception e)
        {
            LogLeaseNotRenewed(logger, e, claims[0]); // PostgreSQL away: the completion will not get through either
        }
    }

    private async Task CompleteAsync(IReadOnlyList<ClaimedMail> batch, AttemptResult?[] results, CancellationToken cancellationToken)
    {
        var done = batch.Select((mail, i) => (Mail: mail, Result: results[i])).Where(d => d.Result is not null).ToList();
        if (done.Count == 0)
        {
            return;
        }

        try
        {
            var rows = new List<QueueRowChange>(done.Count);
            var appends = new List<(Delivery, IDeliveryEvent)>(done.Count);
            foreach (var (mail, result) in done)
            {
                rows.Add(Decide(appends, mail, result!));
            }

            await queue.CompleteAsync(appends, rows, clock.GetUtcNow(), cancellationToken);
            Remember(rows);
        }
        catch (Exception e) when (IsConcurrencyConflict(e))
        {
            LogCompletingAlone(logger, e, done[0].Mail.Claim);
            foreach (var (mail, result) in done)
            {
                try
                {
                    await CompleteAloneAsync(mail, result!, cancellationToken);
                }
                catch (Exception alone) when (alone is not OperationCanceledException)
                {
                    // Changed again at every attempt, or PostgreSQL went away: this row keeps the claim and comes back after
                    // the lease, the other mails are still recorded, and the worker goes on (an exception out of it stops the host).
                    LogCompletionFailed(logger, alone, mail.Claim, 1);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // PostgreSQL went away: the rows keep this claim, and come back to a node when its lease runs out.
            LogCompletionFailed(logger, e, done[0].Mail.Claim, done.Count);
        }
    }

    /// <summary>One mail's outcome decided again on its delivery as it is now, unless it is no longer this claim's.</summary>
    private async Task CompleteAloneAsync(ClaimedMail mail, AttemptResult result, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var fresh = await queue.ReadAsync(mail.TenantId, mail.DeliveryId, mail.Claim, cancellationToken);
            if (fresh is null || fresh.Failures < 0)
            {
                return; // cancelled meanwhile, or taken by another node after this claim's lease ran out
            }

            try
            {
                var appends = new List<(Delivery, IDeliveryEvent)>(1);
                var row = Decide(appends, fresh, result);
                await queue.CompleteAsync(appends, [row], clock.GetUtcNow(), cancellationToken);
                Remember([row]);
                return;
            }
            catch (Exception e) when (IsConcurrencyConflict(e) && attempt < AttemptsToCompleteAlone)
            {
                LogChangedAgain(logger, e, mail.DeliveryId);
            }
        }
    }

    private QueueRowChange Decide(List<(Delivery, IDeliveryEvent)> appends, ClaimedMail mail, AttemptResult result)
    {
        var (change, row) = MailOutcome.Decide(mail, result, _options.RetrySchedule);
        if (change is not null)
        {
            appends.Add((mail.Delivery!, change));
        }

        return row;
    }

    private void Remember(IEnumerable<QueueRowChange> rows)
    {
        foreach (var due in rows.Select(r => r.DueAgainAt).OfType<DateTimeOffset>())
        {
            _nextRetry = _nextRetry is { } earlier && earlier < due ? earlier : due;
        }
    }

    /// <summary>
    /// A commit PostgreSQL rolled back whole because of another writer: the events' (tenant, stream, version) key met
    /// (the other committed a delivery's next event first), or a deadlock or serialization failure it broke by aborting
    /// this one. Nothing of it was written, so deciding each mail again on its delivery as it is now is safe.
    /// </summary>
    private static bool IsConcurrencyConflict(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure }
            or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "pk_mt_events_stream_and_version" };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The mail queue could not be read; trying again at the next poll")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A delivery of claim {Claim} changed while it was being sent; completing its mails one by one")]
    private static partial void LogCompletingAlone(ILogger logger, Exception exception, Guid claim);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outcomes of claim {Claim} ({Count} mails) could not be recorded; they are sent again after the lease")]
    private static partial void LogCompletionFailed(ILogger logger, Exception exception, Guid claim, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivery {DeliveryId} changed again while its outcome was recorded")]
    private static partial void LogChangedAgain(ILogger logger, Exception exception, string deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} claims of this stopping node could not be given back; their mails come back after the lease")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease of claim {Claim} could not be renewed; another node may take its mails when it runs out")]
    private static partial void LogLeaseNotRenewed(ILogger logger, Exception exception, Guid claim);
}
