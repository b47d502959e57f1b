using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Reelforge.Providers;

namespace Reelforge.Rendering.Providers;

/// <summary>A template's text inputs from a prompt: one JSON object whose keys are the template's variables.</summary>
public sealed partial class OpenAiScriptWriter
{
    public async Task<(IReadOnlyDictionary<string, string>? Values, string Outcome)> WriteInputsAsync(
        string prompt, string template, IReadOnlyList<InputSlot> slots, CancellationToken ct)
    {
        var fields = string.Join("\n", slots.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"- \"{s.Key}\": {s.Label}{(s.Description is { Length: > 0 } d ? " (" + d + ")" : "")}, at most {s.MaxLength} characters{(s.Required ? "" : ", may be empty")}")));
        var messages = new JsonArray
        {
            new JsonObject
            {
                ["role"] = "system",
                ["content"] = "You fill in the text fields of a video template from a request. Answer with one JSON object whose keys are exactly "
                    + "the field keys given, each a string within its length. Write the on-screen words themselves, not instructions.",
            },
            new JsonObject { ["role"] = "user", ["content"] = $"Template: {template}\nRequest: {prompt}\nFields:\n{fields}" },
        };
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject(slots.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)new JsonObject { ["type"] = "string" }))),
            ["required"] = new JsonArray(slots.Select(s => (JsonNode)JsonValue.Create(s.Key)).ToArray()),
            ["additionalProperties"] = false,
        };
        var answer = await AskAsync(messages, ct, "template_inputs", schema);
        return Read(answer, slots) is { Count: > 0 } values ? (values, "first answer") : (null, "no usable JSON object with the fields' keys");
    }

    private static Dictionary<string, string>? Read(string? answer, IReadOnlyList<InputSlot> slots)
    {
        var start = answer?.IndexOf('{', StringComparison.Ordinal) ?? -1;
        var end = answer?.LastIndexOf('}') ?? -1;
        if (answer is null || start < 0 || end < start)
        {
            return null;
        }
        try
        {
            var node = JsonNode.Parse(answer[start..(end + 1)]) as JsonObject;
            return slots.Where(s => node?[s.Key] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                .Select(s => (s.Key, Text: Space().Replace(node![s.Key]!.GetValue<string>(), " ").Trim()))
                .Where(p => p.Text.Length > 0)
                .ToDictionary(p => p.Key, p => p.Text, StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();
}
