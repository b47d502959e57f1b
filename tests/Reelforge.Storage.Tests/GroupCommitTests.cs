using Npgsql;
using Reelforge.Storage.Postgres;

namespace Reelforge.Storage.Tests;

/// <summary><see cref="GroupCommit{TCall, TResult}"/> alone, over a write that records its batches.</summary>
public sealed class GroupCommitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Writes
    {
        public List<int[]> Batches { get; } = [];
        public TaskCompletionSource Gate { get; set; } = Open();
        public Func<int[], Exception?> Fail { get; set; } = _ => null;

        public async Task<IReadOnlyList<string>> WriteAsync(IReadOnlyList<int> calls, CancellationToken ct)
        {
            var batch = calls.ToArray();
            lock (Batches)
            {
                Batches.Add(batch);
            }
            await Gate.Task;
            return Fail(batch) is { } failure ? throw failure : batch.Select(c => $"done {c}").ToList();
        }

        private static TaskCompletionSource Open()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }
    }

    [Fact]
    public async Task ALoneCall_WritesAtOnce_AndCallsMadeMeanwhile_GoTogether_EachWithItsOwnAnswer()
    {
        var writes = new Writes { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var group = new GroupCommit<int, string>(writes.WriteAsync);

        var first = group.RunAsync(1, Ct);
        var rest = Enumerable.Range(2, 5).Select(i => group.RunAsync(i, Ct)).ToList();
        writes.Gate.SetResult();

        Assert.Equal("done 1", await first);
        Assert.Equal(["done 2", "done 3", "done 4", "done 5", "done 6"], await Task.WhenAll(rest));
        Assert.Equal([[1], [2, 3, 4, 5, 6]], writes.Batches);
    }

    [Fact]
    public async Task AFailedWrite_FailsEveryCallInIt_AndTheNextCallsStillWrite()
    {
        var writes = new Writes { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        writes.Fail = batch => batch.Contains(2) ? new InvalidOperationException("boom") : null;
        var group = new GroupCommit<int, string>(writes.WriteAsync);

        var first = group.RunAsync(1, Ct);
        var failing = new[] { group.RunAsync(2, Ct), group.RunAsync(3, Ct) };
        writes.Gate.SetResult();

        Assert.Equal("done 1", await first);
        foreach (var call in failing)
        {
            Assert.Equal("boom", (await Assert.ThrowsAsync<InvalidOperationException>(() => call)).Message);
        }
        Assert.Equal("done 4", await group.RunAsync(4, Ct));
    }

    [Fact]
    public async Task ADeadlock_IsWrittenAgain()
    {
        var writes = new Writes();
        var failures = 1;
        writes.Fail = _ => failures-- > 0 ? new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected) : null;
        var group = new GroupCommit<int, string>(writes.WriteAsync);

        Assert.Equal("done 7", await group.RunAsync(7, Ct));
        Assert.Equal([[7], [7]], writes.Batches);
    }

    [Fact]
    public async Task ACallWhoseCallerStoppedWaiting_BeforeItsWrite_IsNotWritten()
    {
        var writes = new Writes { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var group = new GroupCommit<int, string>(writes.WriteAsync);
        using var gone = new CancellationTokenSource();

        var first = group.RunAsync(1, Ct);
        var abandoned = group.RunAsync(2, gone.Token);
        var kept = group.RunAsync(3, Ct);
        await gone.CancelAsync();
        writes.Gate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal(["done 1", "done 3"], await Task.WhenAll(first, kept));
        Assert.Equal([[1], [3]], writes.Batches);
    }
}
