using System.ComponentModel.DataAnnotations;

namespace Reelforge.Engine;

/// <summary>The `Workers` configuration section.</summary>
public sealed record WorkersOptions
{
    public const string Section = "Workers";

    /// <summary>
    /// Jobs this process renders at once; 0 runs no workers (an API-only node). By default one per
    /// core: a job renders its scenes one after another, so with fewer jobs than cores a core waits
    /// through every FFmpeg start, the export and the bookkeeping between scenes (bench/render
    /// batch-10 on 2 cores: ten videos took 44.7 s with 1, 32.3 s with 2; 3 and 4 measured within
    /// the noise of 2). Each job's encoder gets its share of the cores (<c>Render:Threads</c>), so
    /// N jobs do not oversubscribe them.
    /// </summary>
    [Range(0, 64)] public int Concurrency { get; init; } = DefaultConcurrency;

    /// <summary>One job per core, at most 64.</summary>
    public static int DefaultConcurrency => Math.Clamp(Environment.ProcessorCount, 1, 64);
    /// <summary>How long a claim lasts without renewal; renewed at a third of it.</summary>
    [Range(3, 3600)] public int LeaseSeconds { get; init; } = 30;
    /// <summary>How often a held job is checked for a cancel request (FFmpeg is killed within this).</summary>
    [Range(50, 10_000)] public int CancelCheckMilliseconds { get; init; } = 500;
    /// <summary>Fallback wake-up for jobs queued by other processes; local submits wake workers at once.</summary>
    [Range(100, 60_000)] public int PollMilliseconds { get; init; } = 2000;
    [Range(1, 3600)] public int RescueIntervalSeconds { get; init; } = 10;
    [Range(1, 100)] public int MaxAttempts { get; init; } = 3;
    [Range(0, 3600)] public double RetryBaseDelaySeconds { get; init; } = 2;
    /// <summary>Times a failed scene is rendered again on its own (the job shows `retrying`) before the attempt fails.</summary>
    [Range(0, 10)] public int SceneRetries { get; init; } = 1;
    /// <summary>Jobs one account may have running at once, across every process; the rest wait in the queue. 0: no cap.</summary>
    [Range(0, 1000)] public int MaxRunningPerAccount { get; init; } = 4;
    [Range(0, 86_400)] public double RetryMaxDelaySeconds { get; init; } = 300;

    /// <summary>
    /// How long a status read may be served from memory. Writes made in this process show at once;
    /// writes made by a separate `reelforge worker` process show within this time. 0 turns it off.
    /// </summary>
    [Range(0, 60_000)] public int ReadCacheMilliseconds { get; init; } = 1000;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    /// <summary>Exponential backoff with ±20% jitter: base·2^(attempt-1), capped.</summary>
    public TimeSpan RetryDelay(int attempt, double jitter01)
    {
        var seconds = Math.Min(RetryMaxDelaySeconds, RetryBaseDelaySeconds * Math.Pow(2, Math.Max(0, attempt - 1)));
        return TimeSpan.FromSeconds(seconds * (0.8 + 0.4 * jitter01));
    }
}
