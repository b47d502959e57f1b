namespace Reelforge.Engine;

/// <summary>A job event written by some process: which job, and the event's type.</summary>
public sealed record JobNotice(string JobId, string EventType);

/// <summary>
/// The database telling every process that an event was written, the moment it commits (on
/// PostgreSQL, LISTEN/NOTIFY). Optional: without it (SQLite) processes notice each other by polling.
/// Notices only wake; what happened is still read from <c>job_events</c>, so a lost notice delays
/// a follower, never loses an event.
/// </summary>
public interface IJobNotifications
{
    /// <summary>
    /// Listens until <paramref name="ct"/> is cancelled, calling <paramref name="onListening"/> once
    /// every later event is sure to be noticed, then <paramref name="onNotice"/> for each. Throws
    /// when the connection is lost.
    /// </summary>
    Task ListenAsync(Action onListening, Action<JobNotice> onNotice, CancellationToken ct);
}

public static class JobNotices
{
    /// <summary>Whether an event may have made a job claimable (a new or requeued job, or a slot freed under the running cap).</summary>
    public static bool MayFreeWork(string eventType) =>
        eventType is "created" or "retry_scheduled" or "rescued" or "completed" or "failed" or "cancelled";
}
