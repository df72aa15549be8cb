namespace Desktomy.Email.Application.Mail.Queue;

/// <summary>
/// Wakes this node's <see cref="MailQueueWorker"/> when a commit has just made mail due, so it does not wait for its next
/// poll. Other nodes find the rows by polling.
/// </summary>
public sealed class MailQueueSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0);
    private int _pending;

    public void Wake()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 0)
        {
            _semaphore.Release();
        }
    }

    /// <summary>True when woken, false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var woken = await _semaphore.WaitAsync(timeout, cancellationToken);
        Interlocked.Exchange(ref _pending, 0);
        return woken;
    }

    public void Dispose() => _semaphore.Dispose();
}
