using System.Text.Json;
using System.Text.Json.Nodes;
using Reelforge.Blobs;
using Reelforge.Jobs;
using Reelforge.Rendering.Assets;
using Reelforge.Server.Errors;
using Reelforge.Timelines;

namespace Reelforge.Server.Api;

/// <summary>Reads a client's timeline: shape, then every rule, then its data URLs stored as blobs.</summary>
public static class TimelineRequests
{
    public const string Param = "timeline";

    /// <summary>The timeline in the body, or null when there is none.</summary>
    /// <param name="allowGenerate">Whether `generate` backgrounds can be made (an upstream video service is configured).</param>
    public static Timeline? Read(RequestForm form, VideosOptions options, bool allowGenerate = false)
    {
        var node = form.Fields[Param];
        if (node is null)
        {
            return null;
        }
        // Multipart carries it as a JSON string.
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                node = JsonNode.Parse(value.GetValue<string>());
            }
            catch (JsonException ex)
            {
                throw Invalid([new TimelineProblem(Param, "is not valid JSON: " + ex.Message)]);
            }
        }
        var (timeline, problems) = Parse(node, Param, options, allowGenerate);
        return problems.Count == 0 ? timeline! : throw Invalid(problems);
    }

    /// <summary>A timeline from JSON: its shape, then every rule; the problems carry paths under <paramref name="param"/>.</summary>
    public static (Timeline? Timeline, IReadOnlyList<TimelineProblem> Problems) Parse(JsonNode? node, string param, VideosOptions options, bool allowGenerate = false)
    {
        if (node is not JsonObject)
        {
            return (null, [new TimelineProblem(param, "must be an object")]);
        }
        Timeline timeline;
        try
        {
            timeline = node.Deserialize(TimelineJson.Default.Timeline)!;
        }
        catch (JsonException ex)
        {
            return (null, [new TimelineProblem(param + (ex.Path ?? "$")[1..], ShapeMessage(ex))]);
        }
        var problems = TimelineValidator.Validate(timeline, new TimelineLimits
        {
            MinDimension = options.MinDimension, MaxDimension = options.MaxDimension, MaxSeconds = options.MaxSeconds, AllowGenerate = allowGenerate,
        }, param);
        return (timeline, problems);
    }

    /// <summary>The spec of a video drawn from <paramref name="timeline"/>: its output decides the size, its scenes the length.</summary>
    public static async Task<VideoSpec> SpecAsync(Timeline timeline, string prompt, string model, string jobId, IBlobStore blobs, VideosOptions options, CancellationToken ct)
    {
        timeline = await StoreInlineMediaAsync(timeline, jobId, blobs, options, ct);
        return new VideoSpec
        {
            Prompt = prompt, Model = model, Timeline = timeline,
            Seconds = (int)Math.Ceiling(EstimatedSeconds(TimelineResolver.Resolve(timeline)) - 1e-9),
            Width = timeline.Output.Width, Height = timeline.Output.Height,
        };
    }

    /// <summary>The length a timeline will have; "auto" scenes estimated from their words until spoken.</summary>
    private static double EstimatedSeconds(Timeline timeline) => timeline with
    {
        Scenes = timeline.Scenes.Select(s => s.Duration is { IsAuto: true } && s.Narration is { } n
            ? s with { Duration = Pipeline.TimelineNarrator.Estimate(n) } : s).ToList(),
    } is var estimated ? estimated.DurationSeconds : 0;

    /// <summary>Stores each data-URL image as a blob of the job and points the timeline at it.</summary>
    public static async Task<Timeline> StoreInlineMediaAsync(Timeline timeline, string jobId, IBlobStore blobs, VideosOptions options, CancellationToken ct)
    {
        var stored = 0;
        return await TimelineResolver.MapSourcesAsync(timeline, async (src, scene, role) =>
        {
            if (!src.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                return src;
            }
            var path = role switch
            {
                "audio" => $"{Param}.soundtrack.src",
                "video" => $"{Param}.scenes[{scene}].background.video.src",
                "image" => $"{Param}.scenes[{scene}].background.image.src",
                _ => $"{Param}.scenes[{scene}].layers",
            };
            if (role is "video" or "audio")
            {
                throw Invalid([new TimelineProblem(path, $"{(role == "audio" ? "audio" : "a video")} must be an http(s) URL, not a data URL")]);
            }
            var bytes = DataUrls.Decode(src, path, options.MaxDataUrlBytes);
            var extension = ImageCheck.ExtensionOf(bytes) ?? throw Invalid([new TimelineProblem(path, "is not a JPEG, PNG or WebP image")]);
            var key = BlobKeys.Output(jobId, $"asset-{stored++}{extension}");
            await blobs.PutBytesAsync(key, bytes, ct);
            return "blob:" + key;
        });
    }

    public static ApiErrorException Invalid(IReadOnlyList<TimelineProblem> problems) => new(new ApiError(400, "invalid_timeline",
        $"The timeline has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}: {string.Join("; ", problems)}.", problems[0].Path) { Problems = problems });

    private static string ShapeMessage(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = cut >= 0 ? message[..cut] : message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "is not a timeline field";
        }
        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return "has the wrong type";
        }
        return message.TrimEnd('.');
    }
}
