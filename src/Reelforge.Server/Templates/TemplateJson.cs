using System.Text.Json.Serialization;
using Reelforge.Server.Api;
using Reelforge.Templates;

namespace Reelforge.Server.Templates;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VideoTemplate))]
[JsonSerializable(typeof(CursorList<VideoTemplate>))]
public sealed partial class TemplateJson : JsonSerializerContext
{
    public static TemplateJson Wire { get; } = new(new System.Text.Json.JsonSerializerOptions
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
