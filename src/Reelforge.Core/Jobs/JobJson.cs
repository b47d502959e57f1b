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
