using Desktomy.Email.Application.Persistence;
using Npgsql;

namespace Desktomy.Email.Api.Tests.Persistence;

/// <summary>
/// The group commit's own rules, on a write that only records the groups it is given: a statement at a time, the writes
/// that wait taken together, one per key, a refused group split, a cancelled write left out.
/// </summary>
public sealed class GroupCommitTests
{
    private readonly List<string[]> _groups = [];
    private readonly TaskCompletionSource _firstHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<string[], bool[]> _answer = group => [.. group.Select(_ => true)];

    [Fact]
    public async Task a_write_alone_goes_at_once_and_the_writes_that_arrive_meanwhile_share_the_next_statement()
    {
        var commit = Commit(maxGroup: 64);
        var first = commit.WriteAsync("a", CancellationToken.None);
        var others = new[] { "b", "c", "d" }.Select(w => commit.WriteAsync(w, CancellationToken.None)).ToArray();
        var waitingWhileHeld = commit.Waiting;

        _firstHeld.SetResult();
        var answers = await Task.WhenAll([first, .. others]);

        Assert.Equal(3, waitingWhileHeld);
        Assert.Equal([["a"], ["b", "c", "d"]], _groups);
        Assert.All(answers, Assert.True);
        Assert.Equal((2, 0), (commit.Statements, commit.Waiting));
    }

    [Fact]
    public async Task a_group_takes_at_most_its_maximum_and_the_rest_go_in_the_next()
    {
        var commit = Commit(maxGroup: 2);
        var writes = new[] { "a", "b", "c", "d", "e" }.Select(w => commit.WriteAsync(w, CancellationToken.None)).ToArray();

        _firstHeld.SetResult();
        await Task.WhenAll(writes);

        Assert.Equal([["a"], ["b", "c"], ["d", "e"]], _groups);
    }

    [Fact]
    public async Task two_writes_of_one_key_never_share_a_statement_and_keep_their_order()
    {
        var commit = Commit(maxGroup: 64);
        var writes = new[] { "a", "k1 first", "z", "k1 second", "k2" }.Select(w => commit.WriteAsync(w, CancellationToken.None)).ToArray();

        _firstHeld.SetResult();
        await Task.WhenAll(writes);

        Assert.Equal([["a"], ["k1 first", "z", "k2"], ["k1 second"]], _groups);
    }

    [Fact]
    public async Task a_group_postgresql_refuses_is_written_again_one_by_one_and_each_write_gets_its_own_answer()
    {
        _answer = group => group.Contains("refused")
            ? throw new PostgresException("duplicate key value violates unique constraint", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation)
            : [.. group.Select(w => w != "taken")];
        var commit = Commit(maxGroup: 64);
        var first = commit.WriteAsync("a", CancellationToken.None);
        var (refused, taken, other) = (commit.WriteAsync("refused", CancellationToken.None), commit.WriteAsync("taken", CancellationToken.None), commit.WriteAsync("b", CancellationToken.None));

        _firstHeld.SetResult();

        Assert.True(await first);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, (await Assert.ThrowsAsync<PostgresException>(() => refused)).SqlState);
        Assert.False(await taken);
        Assert.True(await other);
        Assert.Equal([["a"], ["refused", "taken", "b"], ["refused"], ["taken"], ["b"]], _groups);
    }

    [Fact]
    public async Task any_other_failure_of_a_group_is_every_writes_and_is_not_written_again()
    {
        var lost = new NpgsqlException("Exception while reading from stream");
        _answer = group => group.Length > 1 ? throw lost : [true];
        var commit = Commit(maxGroup: 64);
        var first = commit.WriteAsync("a", CancellationToken.None);
        var others = new[] { "b", "c" }.Select(w => commit.WriteAsync(w, CancellationToken.None)).ToArray();

        _firstHeld.SetResult();

        Assert.True(await first);
        foreach (var write in others)
        {
            Assert.Same(lost, await Assert.ThrowsAsync<NpgsqlException>(() => write));
        }

        Assert.Equal([["a"], ["b", "c"]], _groups);
    }

    [Fact]
    public async Task a_write_whose_request_is_cancelled_while_it_waits_is_not_written()
    {
        var commit = Commit(maxGroup: 64);
        using var cancelled = new CancellationTokenSource();
        var first = commit.WriteAsync("a", CancellationToken.None);
        var gone = commit.WriteAsync("gone", cancelled.Token);
        var kept = commit.WriteAsync("kept", CancellationToken.None);

        await cancelled.CancelAsync();
        _firstHeld.SetResult();

        Assert.True(await first);
        Assert.True(await kept);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);
        Assert.Equal([["a"], ["kept"]], _groups);
    }

    /// <summary>The first statement waits until the test lets it finish, so the writes made meanwhile wait for it.</summary>
    private GroupCommit<string> Commit(int maxGroup) => new(
        async group =>
        {
            string[] written = [.. group];
            lock (_groups)
            {
                _groups.Add(written);
            }

            if (_groups.Count == 1)
            {
                await _firstHeld.Task;
            }

            await Task.Yield();
            return _answer(written);
        },
        write => write.StartsWith('k') ? write.Split(' ')[0] : null,
        maxGroup);
}
