using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Compat.IACrea;

/// <summary>
/// Reads IACrea's create body (`{"video":{format, colors, sequences, …}, "webhookUrl"}`) into a
/// timeline: one scene per sequence in `order` (a before/after sequence is two, joined by a wipe),
/// camera animations as real motion over the sequence's image.
/// </summary>
public static partial class IACreaRequest
{
    /// <summary>IACrea's camera moves, as the image motion that shows them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Motions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CAMERA_PUSH_IN"] = "zoom-in", ["CAMERA_PUSH_OUT"] = "zoom-out",
        ["CAMERA_MOVE_RIGHT"] = "pan-right", ["CAMERA_MOVE_LEFT"] = "pan-left",
        ["CAMERA_CRANE_UP"] = "pan-up", ["CAMERA_CRANE_DOWN"] = "pan-down",
        ["CAMERA_ORBIT_LEFT"] = "pan-left", ["CAMERA_ORBIT_RIGHT"] = "pan-right",
        ["AUTO_EFFECTS"] = "zoom-in", ["AUTO_REVERSE"] = "zoom-out",
    };

    /// <summary>The camera move a motion shows (the first of those that map to it); null for a still.</summary>
    public static string? AnimationOf(string? motion) => motion is null or "none" ? null : Motions.FirstOrDefault(m => m.Value == motion).Key;

    private static readonly Dictionary<string, (int Width, int Height)> Formats = new(StringComparer.Ordinal)
    {
        ["landscape"] = (1280, 720), ["portrait"] = (720, 1280), ["square"] = (720, 720),
    };

    /// <summary>IACrea's camera moves in words, for the prompt of a `video` sequence generated upstream.</summary>
    private static readonly IReadOnlyDictionary<string, string> Moves = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CAMERA_PUSH_IN"] = "the camera pushes in slowly", ["CAMERA_PUSH_OUT"] = "the camera pulls back slowly",
        ["CAMERA_MOVE_RIGHT"] = "the camera tracks right", ["CAMERA_MOVE_LEFT"] = "the camera tracks left",
        ["CAMERA_CRANE_UP"] = "the camera cranes up", ["CAMERA_CRANE_DOWN"] = "the camera cranes down",
        ["CAMERA_ORBIT_LEFT"] = "the camera orbits left", ["CAMERA_ORBIT_RIGHT"] = "the camera orbits right",
        ["AUTO_EFFECTS"] = "natural, lifelike motion", ["AUTO_REVERSE"] = "natural motion, played in reverse",
    };

    /// <param name="generate">Whether `video` sequences are generated upstream (`Upstream:*` is configured); else they are moving stills.</param>
    public static JsonObject Timeline(JsonObject video, bool generate = false)
    {
        var format = Text(video, "format", "video.format") ?? throw Missing("video.format");
        if (!Formats.TryGetValue(format, out var size))
        {
            throw Bad("video.format", "must be landscape, portrait or square");
        }
        if (video["colors"] is not JsonArray { Count: 2 } colors || colors.Any(c => c is not JsonValue v || !Colour().IsMatch(v.ToString())))
        {
            throw Bad("video.colors", "must be two #RRGGBB colours: [background, text]");
        }
        var (background, textColor) = (colors[0]!.ToString().ToUpperInvariant(), colors[1]!.ToString().ToUpperInvariant());
        var logo = video["displayLogo"] is JsonValue show && show.GetValueKind() == JsonValueKind.True ? Url(video, "logoUrl", "video.logoUrl") ?? throw Missing("video.logoUrl") : null;
        if (video["sequences"] is not JsonArray { Count: > 0 } sequences)
        {
            throw Bad("video.sequences", "must be a non-empty list");
        }
        var scenes = new JsonArray();
        foreach (var (sequence, index) in sequences.Select((s, i) => (s as JsonObject ?? throw Bad($"video.sequences[{i}]", "must be an object"), i))
                     .OrderBy(p => Number(p.Item1["order"]) ?? double.MaxValue))
        {
            foreach (var scene in Scenes(sequence, $"video.sequences[{index}]", background, textColor, logo, generate))
            {
                scenes.Add(scene);
            }
        }
        var timeline = new JsonObject
        {
            ["output"] = new JsonObject { ["width"] = size.Width, ["height"] = size.Height, ["fps"] = 30 },
            ["text"] = new JsonObject { ["color"] = textColor },
            ["transition"] = new JsonObject { ["type"] = "crossfade", ["duration"] = 0.4 },
            ["scenes"] = scenes,
        };
        if (Text(video, "font", "video.font") is { } font)
        {
            ((JsonObject)timeline["text"]!)["font"] = font;
        }
        if (Url(video, "music", "video.music") is { } music)
        {
            timeline["soundtrack"] = new JsonObject { ["src"] = music, ["volume"] = 0.3 };
        }
        return timeline;
    }

    private static IEnumerable<JsonObject> Scenes(JsonObject sequence, string path, string background, string textColor, string? logo, bool generate)
    {
        var type = Text(sequence, "type", path + ".type") ?? throw Missing(path + ".type");
        if (Number(sequence["duration"]) is not { } duration || duration <= 0)
        {
            throw Bad(path + ".duration", "must be a number of seconds above 0");
        }
        var data = sequence["data"] as JsonObject ?? [];
        var text = Text(data, "text", path + ".data.text");
        switch (type)
        {
            case "intro" or "outro":
                if (duration is < 2 or > 5)
                {
                    throw Bad(path + ".duration", $"an {type} lasts 2 to 5 seconds");
                }
                var layers = new JsonArray();
                if (Text(data, "title", path + ".data.title") is { } title)
                {
                    layers.Add(new JsonObject { ["text"] = title, ["style"] = "title" });
                }
                if (text is not null)
                {
                    layers.Add(new JsonObject { ["text"] = text, ["style"] = "body", ["anchor"] = "bottom", ["y"] = -0.12 });
                }
                if (logo is not null && data["displayLogo"] is JsonValue l && l.GetValueKind() == JsonValueKind.True)
                {
                    layers.Add(Logo(logo));
                }
                yield return new JsonObject { ["duration"] = duration, ["background"] = new JsonObject { ["color"] = background }, ["layers"] = layers };
                break;
            case "video" or "image":
                var animation = Text(sequence, "animationType", path + ".animationType");
                var motion = type == "image" && animation is null ? "none" : animation is null ? "zoom-in"
                    : Motions.TryGetValue(animation, out var m) ? m
                    : throw Bad(path + ".animationType", "must be one of " + string.Join(", ", Motions.Keys));
                var url = Url(data, "url", path + ".data.url") ?? throw Missing(path + ".data.url");
                // IACrea caps generated clips at 5 s.
                var shot = Shot(url, type == "video" ? Math.Min(duration, 5) : duration, motion, text, logo, background);
                if (type == "video" && generate)
                {
                    // "Triggers AI generation": the image, animated upstream, under the same caption and logo.
                    var seconds = (int)Math.Ceiling(Math.Min(duration, 5) - 1e-9);
                    shot["background"] = new JsonObject
                    {
                        ["color"] = background,
                        ["generate"] = new JsonObject { ["prompt"] = Prompt(text, animation), ["seconds"] = Math.Max(1, seconds), ["image"] = url, ["audio"] = false },
                    };
                }
                yield return shot;
                break;
            case "beforeAfter":
                var before = Shot(Url(data, "beforeUrl", path + ".data.beforeUrl") ?? throw Missing(path + ".data.beforeUrl"), duration / 2 + 0.35, "none", text, logo, background);
                before["transition"] = new JsonObject { ["type"] = "wipe-right", ["duration"] = 0.7 };
                yield return before;
                yield return Shot(Url(data, "afterUrl", path + ".data.afterUrl") ?? throw Missing(path + ".data.afterUrl"), duration / 2 + 0.35, "none", text, logo, background);
                break;
            default:
                throw Bad(path + ".type", "must be intro, outro, video, image or beforeAfter");
        }
    }

    private static JsonObject Shot(string url, double duration, string motion, string? text, string? logo, string background)
    {
        var layers = new JsonArray();
        if (text is not null)
        {
            layers.Add(new JsonObject { ["text"] = text, ["style"] = "caption" });
        }
        if (logo is not null)
        {
            layers.Add(Logo(logo));
        }
        return new JsonObject
        {
            ["duration"] = Math.Round(duration, 3),
            ["background"] = new JsonObject { ["color"] = background, ["image"] = new JsonObject { ["src"] = url, ["motion"] = motion } },
            ["layers"] = layers,
        };
    }

    /// <summary>What the upstream is asked for: the image brought to life, with the sequence's words and camera move.</summary>
    private static string Prompt(string? text, string? animation)
    {
        var move = Moves[animation ?? "AUTO_EFFECTS"];
        return text is null ? $"Bring this image to life: {move}." : $"Bring this image to life: {move}. It shows: {text}";
    }

    /// <summary>IACrea's logo: top right, about 100 px on a 720 px frame.</summary>
    private static JsonObject Logo(string url) => new() { ["type"] = "image", ["src"] = url, ["anchor"] = "top-right", ["scale"] = 0.1 };

    /// <summary>A finite number, else null: `1e400` parses to infinity, which no JSON writer can write back.</summary>
    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) is var d && double.IsFinite(d) ? d : null;

    private static string? Text(JsonObject obj, string key, string path) => obj[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() is { Length: > 0 } s ? s : null,
        _ => throw Bad(path, "must be a string"),
    };

    private static string? Url(JsonObject obj, string key, string path) => Text(obj, key, path) is not { } url ? null
        : Net.MediaUrls.IsImageSource(url) ? url : throw Bad(path, "must be an http(s) or data:image URL");

    public static ApiErrorException Bad(string param, string problem) => new(ApiError.Invalid(param, $"{param} {problem}."));

    private static ApiErrorException Missing(string param) => new(ApiError.Missing(param));

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex Colour();
}
