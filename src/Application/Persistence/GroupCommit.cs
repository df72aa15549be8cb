using Npgsql;

namespace Desktomy.Email.Application.Persistence;

/// <summary>
/// Group commit for writes that are each one autocommitted statement (decision 17). While one group's statement is in
/// flight, the writes that arrive wait, and the next statement takes all of them: up to <paramref name="maxGroup"/>,
/// and at most one per key, so two writes of one key keep their order and never share a statement. Alone, a write goes
/// at once; under load, concurrent writes share one statement and one commit instead of paying for one each.
/// </summary>
/// <remarks>
/// <para><paramref name="write"/> answers each write of a group, in order. A group PostgreSQL refuses is written
/// again one write at a time (a refused statement committed nothing), so that each gets its own answer: one write's
/// conflict is not the others'. Any other failure (the connection lost mid-commit, when nobody knows what committed)
/// is every write's, as it would be for each alone.</para>
/// <para>A group is written whatever happens to its writers' requests: a write that was taken is committed or failed,
/// never dropped half-way. A write whose request is cancelled while it waits is not taken.</para>
/// </remarks>
internal sealed class GroupCommit<TWrite>(Func<IReadOnlyList<TWrite>, Task<bool[]>> write, Func<TWrite, string?> key, int maxGroup)
{
    private readonly Lock _gate = new();
    private readonly List<Pending> _waiting = [];
    private bool _writing;

    /// <summary>How many statements have been written: one per group, for the tests that check writes were grouped.</summary>
    internal int Statements { get; private set; }

    /// <summary>How many writes wait for the statement in flight to finish.</summary>
    internal int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    public Task<bool> WriteAsync(TWrite item, CancellationToken cancellationToken)
    {
        var waiting = new Pending(item, cancellationToken);
        lock (_gate)
        {
            _waiting.Add(waiting);
            if (_writing)
            {
                return waiting.Done.Task;
            }

            _writing = true;
        }

        _ = WriteGroupsAsync();
        return waiting.Done.Task;
    }

    /// <summary>Writes groups until none waits; runs on whichever thread the last statement finished on.</summary>
    private async Task WriteGroupsAsync()
    {
        while (true)
        {
            List<Pending> group;
            lock (_gate)
            {
                group = Take();
                if (group.Count == 0)
                {
                    _writing = false;
                    return;
                }
            }

            await WriteAsync(group);
        }
    }

    private List<Pending> Take()
    {
        var group = new List<Pending>(Math.Min(_waiting.Count, maxGroup));
        HashSet<string>? keys = null; // most writes have no key
        for (var i = 0; i < _waiting.Count && group.Count < maxGroup;)
        {
            var waiting = _waiting[i];
            if (waiting.CancellationToken.IsCancellationRequested)
            {
                waiting.Done.TrySetCanceled(waiting.CancellationToken);
                _waiting.RemoveAt(i);
            }
            else if (key(waiting.Item) is { } itemKey && !(keys ??= new(StringComparer.Ordinal)).Add(itemKey))
            {
                i++; // the same key is in this group already: the next group takes it
            }
            else
            {
                group.Add(waiting);
                _waiting.RemoveAt(i);
            }
        }

        return group;
    }

    private async Task WriteAsync(List<Pending> group)
    {
        Statements++;
        try
        {
            var written = await write([.. group.Select(w => w.Item)]);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Done.TrySetResult(written[i]);
            }
        }
        catch (PostgresException) when (group.Count > 1)
        {
            foreach (var waiting in group)
            {
                await WriteAsync([waiting]);
            }
        }
        catch (Exception e)
        {
            foreach (var waiting in group)
            {
                waiting.Done.TrySetException(e);
            }
        }
    }

    private sealed record Pending(TWrite Item, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
