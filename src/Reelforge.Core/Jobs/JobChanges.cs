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

    /// <summary>
    /// Raised before waiters wake, with the job's id, or <see cref="AnyJob"/> when every job may have
    /// changed: caches drop what they hold first, so a follower woken by a change never reads it stale.
    /// </summary>
    public event Action<string>? Changed;

    /// <summary>Completes at the next change of <paramref name="jobId"/> (or of every job).</summary>
    public Task Next(string jobId) =>
        _waiters.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Notify(string jobId)
    {
        Changed?.Invoke(jobId);
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
        Changed?.Invoke(AnyJob);
        foreach (var key in _waiters.Keys)
        {
            Complete(key);
        }
    }
}
