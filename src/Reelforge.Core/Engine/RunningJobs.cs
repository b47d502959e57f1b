using System.Collections.Concurrent;

namespace Reelforge.Engine;

/// <summary>
/// Jobs running in this process, so a cancel request made here stops FFmpeg at once instead of at
/// the next cancel check (which is what reaches jobs running in other processes).
/// </summary>
public sealed class RunningJobs
{
    private readonly ConcurrentDictionary<string, Action> _cancellers = new(StringComparer.Ordinal);

    public IDisposable Register(string jobId, Action cancel)
    {
        _cancellers[jobId] = cancel;
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
        public void Dispose() => owner._cancellers.TryRemove(jobId, out _);
    }
}
