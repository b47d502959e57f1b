using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Reelforge.Providers;

namespace Reelforge.Rendering.Providers;

/// <summary>The scene plan a language model answers with: its schema, and a forgiving but strict reader.</summary>
public static partial class ScriptJson
{
    public const int MaxScenes = 20, MaxText = 300, MaxNarration = 1000, MaxVisual = 200;

    public static JsonObject Schema()
    {
        JsonObject Text() => new() { ["type"] = "string" };
        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["scenes"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject { ["text"] = Text(), ["narration"] = Text(), ["visual"] = Text() },
                        ["required"] = new JsonArray("text", "narration", "visual"),
                        ["additionalProperties"] = false,
                    },
                },
            },
            ["required"] = new JsonArray("scenes"),
            ["additionalProperties"] = false,
        };
    }

    /// <summary>The scenes, or null and what was wrong. Takes the JSON alone, inside a ```json fence, or the outermost {…} in prose.</summary>
    public static (IReadOnlyList<WrittenScene>? Scenes, string Problem) Read(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return (null, "was empty");
        }
        var text = Fence().Match(answer) is { Success: true } fenced ? fenced.Groups[1].Value : answer;
        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            return (null, "held no JSON object");
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text[start..(end + 1)]);
        }
        catch (JsonException)
        {
            return (null, "was not valid JSON");
        }
        if (node?["scenes"] is not JsonArray { Count: > 0 } array)
        {
            return (null, "had no `scenes` list");
        }
        var scenes = new List<WrittenScene>();
        foreach (var item in array.Take(MaxScenes))
        {
            var on = Field(item, "text", MaxText);
            var spoken = Field(item, "narration", MaxNarration);
            if (on is null && spoken is null)
            {
                return (null, $"scene {scenes.Count + 1} had neither `text` nor `narration`");
            }
            var shown = on ?? spoken!;
            scenes.Add(new WrittenScene(shown, spoken ?? shown, Field(item, "visual", MaxVisual) ?? SearchTerms.Of(shown)));
        }
        return (scenes, "");
    }

    private static string? Field(JsonNode? item, string name, int max) =>
        item is JsonObject o && o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String && Space().Replace(v.GetValue<string>(), " ").Trim() is { Length: > 0 } s
            ? (s.Length > max ? s[..max] : s)
            : null;

    [GeneratedRegex(@"```(?:json|JSON)?\s*(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
