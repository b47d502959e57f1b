using Npgsql;

namespace Reelforge.Storage.Postgres;

/// <summary>
/// Group commit: calls of one kind made at the same time in one process share one transaction.
/// A call writes at once, itself, when no write of its kind is in flight; calls that arrive
/// meanwhile wait, and go together in the next write (at most `most`). An idle store therefore adds
/// no delay, and a busy one pays one transaction, one commit and one NOTIFY for many jobs instead
/// of one each: the commits of a queue's event-writing transactions are what bounds it. (Two
/// writes in flight instead of one measured slower: bench/README.md.)
/// </summary>
/// <remarks>
/// Each call gets its own result (a fenced write that finds its lease gone is false for that call
/// alone). A batch that fails fails every call in it, except that a deadlock or serialization
/// failure (two processes' batches locking shared rows in different orders) is retried. A call
/// whose caller stops waiting before its write starts is not written; once it has started, it is
/// written, as if the caller had died just after.
/// </remarks>
internal sealed class GroupCommit<TCall, TResult>(Func<IReadOnlyList<TCall>, CancellationToken, Task<IReadOnlyList<TResult>>> write, int most = 64)
{
    private const int Attempts = 3;
    private readonly Lock _gate = new();
    private readonly List<Waiting> _waiting = [];
    private bool _writing;

    public async Task<TResult> RunAsync(TCall call, CancellationToken ct)
    {
        var result = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        List<Waiting>? batch = null;
        lock (_gate)
        {
            _waiting.Add(new Waiting(call, result, ct));
            if (!_writing)
            {
                _writing = true;
                batch = TakeBatch();
            }
        }
        if (batch is not null)
        {
            // This caller writes (its own call first), then leaves whatever arrived meanwhile to a
            // writer of its own, so that it can return.
            await WriteAsync(batch);
            if (Release())
            {
                _ = Task.Run(WriteAllAsync, CancellationToken.None);
            }
        }
        return await result.Task.WaitAsync(ct);
    }

    // The next calls to write; a call whose caller has stopped waiting is dropped, not written.
    private List<Waiting> TakeBatch()
    {
        var batch = _waiting.GetRange(0, Math.Min(most, _waiting.Count));
        _waiting.RemoveRange(0, batch.Count);
        batch.RemoveAll(w => w.Ct.IsCancellationRequested && w.Result.TrySetCanceled(w.Ct));
        return batch;
    }

    private sealed record Waiting(TCall Call, TaskCompletionSource<TResult> Result, CancellationToken Ct);

    // Ends a write: false when nothing waits (the writer stops), true when a writer should go on.
    private bool Release()
    {
        lock (_gate)
        {
            if (_waiting.Count > 0)
            {
                return true;
            }
            _writing = false;
            return false;
        }
    }

    private async Task WriteAllAsync()
    {
        do
        {
            List<Waiting> batch;
            lock (_gate)
            {
                batch = TakeBatch();
            }
            await WriteAsync(batch);
        }
        while (Release());
    }

    private async Task WriteAsync(List<Waiting> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var results = await write(batch.ConvertAll(b => b.Call), CancellationToken.None);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Result.TrySetResult(results[i]);
                }
                return;
            }
            catch (PostgresException ex) when (attempt < Attempts && ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                // The other transaction went on; this one runs again.
            }
            catch (Exception ex)
            {
                foreach (var waiting in batch)
                {
                    waiting.Result.TrySetException(ex);
                }
                return;
            }
        }
    }
}
