using System.Collections.Concurrent;

namespace Reelforge.Jobs;

/// <summary>
/// In-process fan-out of "this job changed": one waiter per job however many clients follow it.
/// Take the wait before reading the job's state, then await it, so a change in between is not missed.
/// </summary>
public sealed class JobChanges
{
    /// <summary>The key that every change completes: for followers of many jobs (an account's stream).</summary>
    public const string AnyJob = "*";

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);

    /// <summary>Completes at the next change of <paramref name="jobId"/> (or of every job).</summary>
    public Task Next(string jobId) =>
        _waiters.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>
    /// Runs on every change before any waiter wakes, with the job's id or <see cref="AnyJob"/>: a
    /// read cache drops the job here, so a follower woken by another process's write reads it anew.
    /// </summary>
    public event Action<string>? Changing;

    public void Notify(string jobId)
    {
        Changing?.Invoke(jobId);
        Complete(jobId);
        Complete(AnyJob);
    }

    private void Complete(string key)
    {
        if (_waiters.TryRemove(key, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>Wakes every waiter (a rescue, or events written by another process).</summary>
    public void NotifyAll()
    {
        Changing?.Invoke(AnyJob);
        foreach (var key in _waiters.Keys)
        {
            Complete(key);
        }
    }
}
