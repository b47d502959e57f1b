using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Reelforge.Templates;

/// <summary>
/// A parameterised video, stored as a JSON file: typed input variables, and either a timeline
/// with `{{variable}}` placeholders or a plan (a prompt for the planner). See docs/templates.md.
/// </summary>
public sealed record VideoTemplate
{
    // Properties with defaults use `set`: the JSON source generator replaces init-only defaults with null.
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string Description { get; set; } = "";
    public string Category { get; set; } = "general";
    /// <summary>`video`, or `slides` for a carousel whose result is its slide images.</summary>
    public string Kind { get; set; } = "video";
    /// <summary>Other ids that name this template (such as a hosted service's template slug).</summary>
    public IReadOnlyList<string> Aliases { get; set; } = [];
    public IReadOnlyList<TemplateVariable> Variables { get; set; } = [];
    public JsonObject? Timeline { get; init; }
    public TemplatePlan? Plan { get; init; }

    /// <summary>A carousel: its result is the slide images; the video is only how they are made.</summary>
    [JsonIgnore] public bool SlidesOnly => Kind == "slides";
}

/// <summary>A prompt for the planner in place of a timeline: `prompt` may hold placeholders.</summary>
public sealed record TemplatePlan(string Prompt, string? Style = null, string? Size = null);

public sealed record TemplateVariable
{
    public required string Key { get; init; }
    public string? Label { get; init; }
    /// <summary>`text`, `number`, `boolean`, `color`, `choice`, `image` or `image_list`.</summary>
    public string Type { get; set; } = "text";
    public bool Required { get; init; }
    public JsonNode? Default { get; init; }
    public string? Description { get; init; }
    public string? Placeholder { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
    public int? MinItems { get; init; }
    public int? MaxItems { get; init; }
    public IReadOnlyList<string>? Options { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(VideoTemplate))]
public sealed partial class TemplateJson : JsonSerializerContext;
