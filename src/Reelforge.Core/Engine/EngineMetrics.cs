using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Reelforge.Engine;

/// <summary>
/// What the engine counts, as .NET instruments on the `Reelforge` meter (one per host, from its
/// <see cref="IMeterFactory"/>). Core knows no exporter: the server's `/metrics` collects these.
/// Recording is a few interlocked adds, so the engine calls it inline; every caller takes it as
/// optional, so engines built without a host (tests, `reelforge render`) record nothing.
/// Instrument names map to Prometheus names by `.` → `_`, plus `_total` (counters) or `_seconds`.
/// </summary>
public sealed class EngineMetrics
{
    public const string MeterName = "Reelforge";

    // Queue waits from milliseconds (idle workers) to an hour (a backlog).
    private static readonly double[] WaitBuckets = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600];
    // A tiny test video renders in ~1 s; a 60 s narrated 1080p one in minutes.
    private static readonly double[] RenderBuckets = [0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800];
    private static readonly double[] WebhookBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter<long> _created, _completed, _failed, _cancelled, _ffmpegFailures, _webhooks;
    private readonly Histogram<double> _queueWait, _jobRender, _sceneRender, _webhookLatency;

    public EngineMetrics(IMeterFactory factory)
    {
        var meter = factory.Create(MeterName);
        _created = meter.CreateCounter<long>("reelforge.jobs.created", description: "Videos accepted, by dialect and model.");
        _completed = meter.CreateCounter<long>("reelforge.jobs.completed", description: "Videos completed, by dialect and model.");
        _failed = meter.CreateCounter<long>("reelforge.jobs.failed", description: "Videos failed for good (no attempts left, or not retryable), by dialect and model.");
        _cancelled = meter.CreateCounter<long>("reelforge.jobs.cancelled", description: "Videos cancelled (or deleted unfinished), by dialect and model.");
        _queueWait = meter.CreateHistogram("reelforge.jobs.queue_wait", "s", "Time from due to claimed, per attempt.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WaitBuckets });
        _jobRender = meter.CreateHistogram("reelforge.jobs.render_duration", "s", "Time a worker spent on a video's successful attempt (plan, scenes, export).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RenderBuckets });
        _sceneRender = meter.CreateHistogram("reelforge.scenes.render_duration", "s", "Time to render one scene clip.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RenderBuckets });
        _ffmpegFailures = meter.CreateCounter<long>("reelforge.ffmpeg.failures", description: "FFmpeg runs that failed, by reason: exit_code, timeout, stall, no_output.");
        _webhooks = meter.CreateCounter<long>("reelforge.webhooks.deliveries", description: "Webhook delivery attempts by outcome: delivered, retrying, failed.");
        _webhookLatency = meter.CreateHistogram("reelforge.webhooks.delivery_duration", "s", "Time for a receiver to answer a webhook attempt.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WebhookBuckets });
    }

    public void JobCreated(string dialect, string model) => _created.Add(1, Tags(dialect, model));

    public void JobCompleted(string dialect, string model) => _completed.Add(1, Tags(dialect, model));

    public void JobFailed(string dialect, string model) => _failed.Add(1, Tags(dialect, model));

    public void JobCancelled(string dialect, string model) => _cancelled.Add(1, Tags(dialect, model));

    public void QueueWait(TimeSpan wait) => _queueWait.Record(Math.Max(0, wait.TotalSeconds));

    public void JobRendered(TimeSpan took) => _jobRender.Record(took.TotalSeconds);

    public void SceneRendered(TimeSpan took) => _sceneRender.Record(took.TotalSeconds);

    /// <param name="reason">One of <see cref="FfmpegFailure"/>'s values: a short, fixed set, so the label stays low-cardinality.</param>
    public void FfmpegFailed(string reason) => _ffmpegFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <param name="outcome">`delivered`, `retrying` (will be tried again) or `failed` (given up).</param>
    public void WebhookAttempted(string outcome, TimeSpan took)
    {
        _webhooks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        _webhookLatency.Record(took.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
    }

    private static TagList Tags(string dialect, string model) => new() { { "dialect", dialect }, { "model", model } };
}

/// <summary>Why an FFmpeg run failed: the `reason` label of `reelforge_ffmpeg_failures_total`.</summary>
public static class FfmpegFailure
{
    /// <summary>It exited with a non-zero code.</summary>
    public const string ExitCode = "exit_code";
    /// <summary>It ran past the render timeout and was killed.</summary>
    public const string Timeout = "timeout";
    /// <summary>It stopped reporting progress and was killed.</summary>
    public const string Stall = "stall";
    /// <summary>It exited 0 but wrote nothing (a missing or empty output file).</summary>
    public const string NoOutput = "no_output";
}
