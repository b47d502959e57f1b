using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Reelforge.Timelines;

namespace Reelforge.Templates;

/// <summary>
/// Checks a request's inputs against a template's variables and fills the template in.
/// <list type="bullet">
/// <item>`"{{key}}"` as a whole string becomes the value itself (a number, a list…);</item>
/// <item>`{{key}}` inside a longer string is replaced by the value's text;</item>
/// <item>`{"$each": "key", "as": "name", "item": …}` inside a list becomes one item per element of the list `key`;</item>
/// <item>`{"$if": "key", "then": …, "else": …}` inside a list is `then` when `key` has a value (or, with
/// `"equals": "v"`, when it is `v`), else `else` (or nothing).</item>
/// </list>
/// Values are inserted as data, never parsed again, so user text cannot add template syntax.
/// </summary>
public static partial class TemplateInputs
{
    /// <summary>Every variable's value (given or default), or the problems with the inputs, each with its path.</summary>
    public static (Dictionary<string, JsonNode?> Values, List<TimelineProblem> Problems) Check(VideoTemplate template, JsonObject? inputs, string param)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var problems = new List<TimelineProblem>();
        inputs ??= [];
        foreach (var key in inputs.Select(p => p.Key).Where(k => template.Variables.All(v => v.Key != k)))
        {
            problems.Add(new TimelineProblem($"{param}.{key}", $"is not an input of template '{template.Id}' (inputs: {string.Join(", ", template.Variables.Select(v => v.Key))})"));
        }
        foreach (var variable in template.Variables)
        {
            var given = inputs[variable.Key];
            var path = $"{param}.{variable.Key}";
            if (given is null || (given is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0 && variable.Type != "text"))
            {
                if (variable.Required && variable.Default is null)
                {
                    problems.Add(new TimelineProblem(path, "is required"));
                }
                values[variable.Key] = variable.Default?.DeepClone();
                continue;
            }
            if (CheckValue(variable, given) is { } problem)
            {
                problems.Add(new TimelineProblem(path, problem));
            }
            values[variable.Key] = variable.Type == "number" && problems.Count == 0 ? Number(given) : given.DeepClone();
        }
        return (values, problems);
    }

    private static string? CheckValue(TemplateVariable v, JsonNode value)
    {
        switch (v.Type)
        {
            case "text":
                if (!IsString(value, out var text))
                {
                    return "must be a string";
                }
                if (v.Required && string.IsNullOrWhiteSpace(text))
                {
                    return "is required";
                }
                if (text.Length < (v.MinLength ?? 0) || text.Length > (v.MaxLength ?? 5000))
                {
                    return $"must be {v.MinLength ?? 0} to {v.MaxLength ?? 5000} characters";
                }
                return null;
            case "number":
                // "NaN" and "Infinity" parse, and NaN passes any range check (it compares false): refused here.
                if (NumberOf(value) is not { } number || !double.IsFinite(number))
                {
                    return "must be a finite number";
                }
                return number < (v.Min ?? double.MinValue) || number > (v.Max ?? double.MaxValue) ? $"must be from {v.Min} to {v.Max}" : null;
            case "boolean":
                return value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? null : "must be true or false";
            case "color":
                return IsString(value, out var color) && Colour().IsMatch(color) ? null : "must be a #RRGGBB colour";
            case "choice":
                return IsString(value, out var choice) && (v.Options ?? []).Contains(choice, StringComparer.Ordinal)
                    ? null : $"must be one of {string.Join(", ", v.Options ?? [])}";
            case "image":
                return IsImageSource(value) ? null : "must be an http(s) or data: URL of an image";
            case "image_list":
                if (value is not JsonArray list || list.Any(i => i is null || !IsImageSource(i)))
                {
                    return "must be a list of http(s) or data: image URLs";
                }
                return list.Count < (v.MinItems ?? 1) || list.Count > (v.MaxItems ?? 20) ? $"must have {v.MinItems ?? 1} to {v.MaxItems ?? 20} images" : null;
            default:
                return $"has an unknown type '{v.Type}' in the template";
        }
    }

    /// <summary>A number given as text ("5") becomes the number itself, so it fills a numeric field.</summary>
    private static JsonValue Number(JsonNode given)
    {
        var value = NumberOf(given) ?? throw new InvalidOperationException("Checked as a number before.");
        return value == Math.Floor(value) && Math.Abs(value) < 1e15 ? JsonValue.Create((long)value) : JsonValue.Create(value);
    }

    /// <summary>A JSON number (null when it does not fit a double, such as 1e400) or a string holding one.</summary>
    private static double? NumberOf(JsonNode value) => value switch
    {
        JsonValue n when n.GetValueKind() == JsonValueKind.Number => n.TryGetValue<double>(out var d) ? d : null,
        _ when IsString(value, out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    /// <summary>The template's timeline (or plan prompt) with the values put in.</summary>
    public static JsonNode? Fill(JsonNode template, IReadOnlyDictionary<string, JsonNode?> values) => template switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Fill(p.Value, values)))),
        JsonArray array => new JsonArray(array.SelectMany(item => Expand(item, values)).ToArray()),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => FillString(value.GetValue<string>(), values),
        _ => template.DeepClone(),
    };

    public static string FillText(string text, IReadOnlyDictionary<string, JsonNode?> values) =>
        Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v) ? TextOf(v) : m.Value);

    private static IEnumerable<JsonNode?> Expand(JsonNode? item, IReadOnlyDictionary<string, JsonNode?> values)
    {
        if (item is JsonObject obj && obj["$each"] is JsonValue each)
        {
            var name = obj["as"]?.GetValue<string>() ?? "item";
            var list = values.GetValueOrDefault(each.GetValue<string>()) as JsonArray ?? [];
            for (var i = 0; i < list.Count; i++)
            {
                var scoped = new Dictionary<string, JsonNode?>(values, StringComparer.Ordinal) { [name] = list[i], [name + "_number"] = i + 1 };
                yield return Fill(obj["item"]!, scoped);
            }
            yield break;
        }
        if (item is JsonObject cond && cond["$if"] is JsonValue key)
        {
            var given = TextOf(values.GetValueOrDefault(key.GetValue<string>()));
            var holds = cond["equals"] is JsonValue equals ? given == TextOf(equals) : given.Length > 0;
            if ((holds ? cond["then"] : cond["else"]) is { } branch)
            {
                yield return Fill(branch, values);
            }
            yield break;
        }
        yield return item is null ? null : Fill(item, values);
    }

    private static JsonNode? FillString(string text, IReadOnlyDictionary<string, JsonNode?> values)
    {
        var whole = Placeholder().Match(text);
        if (whole.Success && whole.Length == text.Length && values.TryGetValue(whole.Groups[1].Value, out var value))
        {
            return value?.DeepClone();
        }
        return JsonValue.Create(FillText(text, values));
    }

    private static string TextOf(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    private static bool IsString(JsonNode value, out string text)
    {
        text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";
        return value is JsonValue s && s.GetValueKind() == JsonValueKind.String;
    }

    private static bool IsImageSource(JsonNode value) => IsString(value, out var url) && Net.MediaUrls.IsImageSource(url);

    [GeneratedRegex(@"\{\{\s*([a-zA-Z0-9_]+)\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex Colour();
}
