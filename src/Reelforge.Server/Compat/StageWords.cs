using Reelforge.Jobs;

namespace Reelforge.Server.Compat;

/// <summary>
/// How one service names a job's stage: one word per stage, each required, so a dialect that
/// forgets one does not compile. Each dialect holds its own (DESIGN.md and docs/compat.md show
/// them side by side; `StageWordsTests` checks that table against every dialect).
/// </summary>
public sealed record StageWords
{
    /// <summary>OpenAI's words, which the native API and Poe speak.</summary>
    public static readonly StageWords OpenAi = new()
    {
        Queued = "queued", GeneratingScript = "in_progress", ScriptReady = "in_progress", GeneratingMedia = "in_progress",
        Retrying = "in_progress", MediaReady = "in_progress", Exporting = "in_progress",
        Completed = "completed", Failed = "failed", Cancelled = "failed",
    };

    public required string Queued { get; init; }
    public required string GeneratingScript { get; init; }
    public required string ScriptReady { get; init; }
    public required string GeneratingMedia { get; init; }
    /// <summary>While a failed scene is made again (the job is `retrying` in `generating_media`).</summary>
    public required string Retrying { get; init; }
    public required string MediaReady { get; init; }
    public required string Exporting { get; init; }
    public required string Completed { get; init; }
    public required string Failed { get; init; }
    public required string Cancelled { get; init; }

    public string Of(Job job) => job is { Retrying: true, Stage: JobStage.GeneratingMedia } ? Retrying : Of(job.Stage);

    public string Of(JobStage stage) => stage switch
    {
        JobStage.Queued => Queued,
        JobStage.GeneratingScript => GeneratingScript,
        JobStage.ScriptReady => ScriptReady,
        JobStage.GeneratingMedia => GeneratingMedia,
        JobStage.MediaReady => MediaReady,
        JobStage.Exporting => Exporting,
        JobStage.Completed => Completed,
        JobStage.Failed => Failed,
        JobStage.Cancelled => Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };
}
