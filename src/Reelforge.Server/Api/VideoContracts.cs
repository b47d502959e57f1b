using System.Text.Json.Serialization;
using Reelforge.Jobs;

namespace Reelforge.Server.Api;

/// <summary>
/// OpenAI's Video object (docs/dialects/openai.md), plus Reelforge's own fields that the SDKs ignore:
/// `stage`, `scenes`, `duration_seconds`, `width`, `height`.
/// </summary>
public sealed record VideoObject
{
    public required string Id { get; init; }
    public string Object => "video";
    public required string Status { get; init; }
    public int Progress { get; init; }
    public required string Model { get; init; }
    public string? Prompt { get; init; }
    public required string Seconds { get; init; }
    public required string Size { get; init; }
    public long CreatedAt { get; init; }
    public long? CompletedAt { get; init; }
    public long? ExpiresAt { get; init; }
    public string? RemixedFromVideoId { get; init; }
    public VideoError? Error { get; init; }
    public required string Stage { get; init; }
    public IReadOnlyList<SceneView> Scenes { get; init; } = [];
    public double? DurationSeconds { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    /// <summary>Signed, expiring links to every output, once completed (until retention deletes them).</summary>
    public Files.OutputUrls? Urls { get; init; }
    /// <summary>Held at create; charged when it ends (the seconds rendered, never more than held; 0 if it failed).</summary>
    public required CreditsView Credits { get; init; }
    /// <summary>Ids of the characters (`POST /v1/videos/characters`) its prompt called by `@name`.</summary>
    public IReadOnlyList<string> Characters { get; init; } = [];
    /// <summary>Which provider gave each scene's media (stock, library, image model, upstream video) and the credit line it asks for; scenes in Reelforge's own look are not listed.</summary>
    public IReadOnlyList<SourceView> Sources { get; init; } = [];

    /// <summary>The video as stored. Fields that need the request or configuration (`urls`, `expires_at`) come from <see cref="VideoViews"/>.</summary>
    public static VideoObject From(Job job) => new()
    {
        Id = job.Id,
        Status = OpenAiStatus.Of(job.Stage),
        Progress = job.Progress,
        Model = job.Spec.Model,
        Prompt = job.Spec.Prompt.Length == 0 ? null : job.Spec.Prompt,
        // Once rendered, the real length (narrated "auto" scenes are only estimated before).
        Seconds = (job.Outputs is { } o && (job.Spec.Timeline is not null || job.Spec.Style == "story") ? (int)Math.Round(o.DurationSeconds) : job.Spec.Seconds)
            .ToString(System.Globalization.CultureInfo.InvariantCulture),
        Size = $"{job.Spec.Width}x{job.Spec.Height}",
        CreatedAt = job.CreatedAt.ToUnixTimeSeconds(),
        CompletedAt = job.CompletedAt?.ToUnixTimeSeconds(),
        RemixedFromVideoId = job.Spec.RemixedFromId,
        Error = job.Stage is JobStage.Failed or JobStage.Cancelled && job.Error is { } e ? new VideoError(e.Code, e.Message) : null,
        Stage = job.Stage.ToWire(),
        Scenes = job.Scenes.Select(s => new SceneView(s.Index, s.Status.ToString().ToLowerInvariant())).ToList(),
        DurationSeconds = job.Outputs?.DurationSeconds,
        Width = job.Outputs?.Width ?? job.Spec.Width,
        Height = job.Outputs?.Height ?? job.Spec.Height,
        Credits = new CreditsView(job.CreditsReserved, job.CreditsCharged),
        Characters = job.Spec.Characters ?? [],
        Sources = job.Scenes.Where(s => s.Source is not null).Select(s => new SourceView(s.Index, s.Source!.Provider, s.Source.Credit)).ToList(),
    };
}

public sealed record VideoError(string Code, string Message);

public sealed record CreditsView(decimal Reserved, decimal? Charged);

/// <summary>Writes jobs as Video objects for one request: with signed output URLs and the retention expiry.</summary>
public sealed class VideoViews(Files.FileUrls urls, Microsoft.Extensions.Options.IOptions<Blobs.FilesOptions> files)
{
    public VideoObject Of(Job job, Microsoft.AspNetCore.Http.HttpRequest request) => VideoObject.From(job) with
    {
        // OpenAI's meaning: when the downloadable assets go (retention), not when a signed URL does.
        ExpiresAt = job.CompletedAt is { } done && files.Value.RetentionDays > 0 ? (done + TimeSpan.FromDays(files.Value.RetentionDays)).ToUnixTimeSeconds() : null,
        Urls = urls.For(job, urls.BaseUrl(request)),
    };

    /// <summary>Changes whenever the stored job does, and when its signed URLs are renewed.</summary>
    public string ETag(Job job) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"W/\"{job.UpdatedAt.ToUnixTimeMilliseconds()}-{(int)job.Stage}-{job.Progress}-{(job is { Stage: JobStage.Completed, ExpiredAt: null } ? urls.CurrentExpiry() : 0)}\"");
}

public sealed record SceneView(int Index, string Status);

/// <summary>Scene <see cref="Scene"/>'s media: who gave it and the credit line (null when the provider asks for none).</summary>
public sealed record SourceView(int Scene, string Provider, string? Credit);

/// <summary>OpenAI's cursor page: `{"object":"list","data","first_id","last_id","has_more"}`.</summary>
public sealed record CursorList<T>(IReadOnlyList<T> Data, string? FirstId, string? LastId, bool HasMore)
{
    public string Object => "list";
}

public static class CursorList
{
    public static CursorList<T> Of<T>(IReadOnlyList<T> data, Func<T, string> id, bool hasMore) =>
        new(data, data.Count > 0 ? id(data[0]) : null, data.Count > 0 ? id(data[^1]) : null, hasMore);
}

public sealed record VideoDeleted(string Id, bool Deleted)
{
    public string Object => "video.deleted";
}

/// <summary>Stage to the OpenAI status word (<see cref="Compat.StageWords.OpenAi"/>).</summary>
public static class OpenAiStatus
{
    public static string Of(JobStage stage) => Compat.StageWords.OpenAi.Of(stage);
}

public sealed record HealthReport(string Status, IReadOnlyDictionary<string, string> Checks);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(VideoObject))]
[JsonSerializable(typeof(CursorList<VideoObject>))]
[JsonSerializable(typeof(VideoDeleted))]
[JsonSerializable(typeof(HealthReport))]
[JsonSerializable(typeof(CharacterObject))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
[JsonSerializable(typeof(Errors.OpenAiErrorEnvelope))]
public sealed partial class ServerJson : JsonSerializerContext
{
    /// <summary>
    /// The context responses are written with: as <see cref="JsonSerializerContext"/>'s Default, but
    /// without HTML-safe escaping (`"` stays `"`, not `\u0022`): these bodies are never inlined in HTML.
    /// </summary>
    public static ServerJson Wire { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
