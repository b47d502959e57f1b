using System.Collections.Concurrent;

namespace Reelforge.Engine;

/// <summary>
/// Jobs running in this process, so a cancel request made here stops FFmpeg at once instead of at
/// the next cancel check (which is what reaches jobs running in other processes).
/// </summary>
public sealed class RunningJobs
{
    private readonly ConcurrentDictionary<string, Action> _cancellers = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>Raised, on the thread that ended it, when the last job running in this process ends.</summary>
    public event Action? Idle;

    /// <summary>Whether any job is running in this process.</summary>
    public bool Any => Volatile.Read(ref _count) > 0;

    public IDisposable Register(string jobId, Action cancel)
    {
        _cancellers[jobId] = cancel;
        Interlocked.Increment(ref _count);
        return new Registration(this, jobId);
    }

    public void RequestCancel(string jobId)
    {
        if (_cancellers.TryGetValue(jobId, out var cancel))
        {
            cancel();
        }
    }

    private sealed class Registration(RunningJobs owner, string jobId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }
            owner._cancellers.TryRemove(jobId, out _);
            if (Interlocked.Decrement(ref owner._count) == 0)
            {
                owner.Idle?.Invoke();
            }
        }
    }
}
