using System.Text.Json.Serialization;
using Reelforge.Timelines;

namespace Reelforge.Jobs;

/// <summary>How the stores keep a job's structured columns (source-generated, snake_case).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VideoSpec))]
[JsonSerializable(typeof(List<SceneState>))]
[JsonSerializable(typeof(Timeline))]
[JsonSerializable(typeof(JobOutputs))]
public sealed partial class JobJson : JsonSerializerContext;

/// <summary>
/// How a client's timeline is read: snake_case like the store, but unknown fields are errors, so a
/// misspelt `colour` is reported instead of silently ignored.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Timeline))]
public sealed partial class TimelineJson : JsonSerializerContext;
