using Reelforge.Timelines;

namespace Reelforge.Jobs;

/// <summary>A video job as stored: one resource that every dialect shows in its own words.</summary>
public sealed record Job
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public required VideoSpec Spec { get; init; }
    public JobStage Stage { get; init; }
    /// <summary>0-100; never goes backwards.</summary>
    public int Progress { get; init; }
    /// <summary>How many times a worker has claimed it.</summary>
    public int Attempt { get; init; }
    public int MaxAttempts { get; init; }
    public bool CancelRequested { get; init; }
    /// <summary>True while a failed scene is being made again.</summary>
    public bool Retrying { get; init; }
    public string? LeaseToken { get; init; }
    public DateTimeOffset? LeaseExpiresAt { get; init; }
    public DateTimeOffset RunAt { get; init; }
    public JobError? Error { get; init; }
    public IReadOnlyList<SceneState> Scenes { get; init; } = [];
    public Timeline? Timeline { get; init; }
    public JobOutputs? Outputs { get; init; }
    public string? IdempotencyKey { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    /// <summary>Where the outcome is POSTed, in the body of <see cref="Dialect"/>.</summary>
    public string? WebhookUrl { get; init; }
    /// <summary>The API that created the job (<see cref="NativeDialect.Name"/> for the native one).</summary>
    public string Dialect { get; init; } = NativeDialect.Name;
    /// <summary>When retention deleted the outputs (the job itself stays).</summary>
    public DateTimeOffset? ExpiredAt { get; init; }
    /// <summary>Credits held for it since it was created.</summary>
    public decimal CreditsReserved { get; init; }
    /// <summary>What it cost, once it ended (0 if it failed or was cancelled).</summary>
    public decimal? CreditsCharged { get; init; }
}

/// <summary>
/// The native API's dialect name, stored on its jobs and naming its webhook body (OpenAI's event
/// shape). Every other dialect's name is its own <c>Dialect.Name</c> (Server/Compat).
/// </summary>
public static class NativeDialect
{
    public const string Name = "openai";
}

/// <summary>What the client asked for, as the engine keeps it.</summary>
public sealed record VideoSpec
{
    public required string Prompt { get; init; }
    public required string Model { get; init; }
    /// <summary>Requested length; for an extension, the total (source + new scenes).</summary>
    public int Seconds { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    /// <summary>Blob key of an uploaded or inlined first-frame image.</summary>
    public string? InputReferenceBlob { get; init; }
    /// <summary>Remote first-frame image, fetched by the worker through the address guard.</summary>
    public string? InputReferenceUrl { get; init; }
    public string? RemixedFromId { get; init; }
    /// <summary>For an extension: the completed job whose video comes first.</summary>
    public string? ExtendsVideoId { get; init; }
    public int? Seed { get; init; }
    /// <summary>How the prompt is planned: `slides` or `story` (narrated).</summary>
    public string? Style { get; init; }
    /// <summary>The planner's theme (<see cref="Timelines.Themes"/>); null: the seed picks one.</summary>
    public string? Theme { get; init; }
    /// <summary>A timeline given by the client, used in place of planning the prompt.</summary>
    public Timeline? Timeline { get; init; }
    /// <summary>The template it was made from, if any.</summary>
    public string? TemplateId { get; init; }
    /// <summary>A carousel: the result is its slide images (the video is how they are made).</summary>
    public bool SlidesOnly { get; init; }
    /// <summary>`literal` (the prompt is the text) or `write` (the prompt is a topic the script provider writes up); null: `literal`, except that `story` and a template's `prompt` are written when a script provider is configured.</summary>
    public string? Script { get; init; }
    /// <summary>`auto` (null: the configured media sources), `none`, or one source's name.</summary>
    public string? Visuals { get; init; }
    /// <summary>The narration voice, in the speech provider's own names.</summary>
    public string? Voice { get; init; }
    /// <summary>What the request path did for this job before it existed (inputs filled from a prompt, with each provider call's outcome); written as `note` events when it is first planned.</summary>
    public IReadOnlyList<string>? Notes { get; init; }
    /// <summary>Ids of the stored characters the prompt brought in by `@name` (the first one's picture opens the video).</summary>
    public IReadOnlyList<string>? Characters { get; init; }
}

public enum SceneStatus { Pending, Running, Succeeded, Failed }

public sealed record SceneState(int Index, SceneStatus Status)
{
    /// <summary>Which provider gave the scene's media, with its credit line; null for Reelforge's own look.</summary>
    public SceneSource? Source { get; init; }
    /// <summary>The upstream video made for it (a `generate` background), stored as soon as the upstream created it: a retry follows it.</summary>
    public string? UpstreamVideoId { get; init; }
}

public sealed record JobError(string Code, string Message);

/// <summary>What a finished render produced. Keys name blobs in the blob store.</summary>
public sealed record JobOutputs
{
    public required string VideoKey { get; init; }
    public required string ThumbnailKey { get; init; }
    public required string SpritesheetKey { get; init; }
    public required string LastFrameKey { get; init; }
    public string? ThumbnailJpegKey { get; init; }
    public string? PreviewKey { get; init; }
    public IReadOnlyList<string> SlideKeys { get; init; } = [];
    /// <summary>`captions.srt` and `captions.vtt`; null when nothing was captioned (and on videos made before them).</summary>
    public string? CaptionsSrtKey { get; init; }
    public string? CaptionsVttKey { get; init; }
    public double DurationSeconds { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public double Fps { get; init; }
    public long Bytes { get; init; }
}

/// <summary>A new job as the API hands it to the store.</summary>
public sealed record NewJob(string Id, string AccountId, VideoSpec Spec, int MaxAttempts, string? IdempotencyKey)
{
    public string? WebhookUrl { get; init; }
    public string Dialect { get; init; } = NativeDialect.Name;
    public decimal CreditsPerSecond { get; init; }
    /// <summary>Held from the account's balance at create.</summary>
    public decimal CreditsReserved { get; init; }
}

/// <summary>Proof that a worker holds a job; every write it makes is fenced by the token.</summary>
public sealed record JobLease(string JobId, string Token);

public sealed record JobPage(IReadOnlyList<Job> Items, bool HasMore);

/// <param name="Message">What a `note` event says (a provider call's outcome); null for the others.</param>
public sealed record JobEvent(long Seq, string JobId, string Type, JobStage Stage, int Progress, DateTimeOffset CreatedAt, string? Message = null);
