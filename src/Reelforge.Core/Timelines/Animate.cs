using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reelforge.Timelines;

/// <summary>
/// How a layer enters and leaves, and whether it drifts while shown. In JSON either a preset name
/// for both (`"animate": "pop"`) or `{"in": …, "out": …, "float": true}`, where `in` and `out` are
/// a preset name or `{type, duration, delay, easing}`.
/// </summary>
[JsonConverter(typeof(AnimateConverter))]
public sealed record Animate
{
    public Animation? In { get; init; }
    public Animation? Out { get; init; }
    /// <summary>A slow drift while the layer is on screen.</summary>
    public bool Float { get; init; }

    public static Animate Both(string preset) => new() { In = new Animation { Type = preset }, Out = new Animation { Type = preset } };
}

/// <summary>One entrance or exit. Durations and easings left out come from the preset.</summary>
public sealed record Animation
{
    public required string Type { get; init; }
    /// <summary>Seconds; null: the preset's (entrances 0.5, exits 0.3; reveals scale with the text).</summary>
    public double? Duration { get; init; }
    /// <summary>Seconds after the layer appears (entrance) or before it goes (exit).</summary>
    public double Delay { get; init; }
    /// <summary>`linear`, `ease-in`, `ease-out`, `ease-in-out` or `back`; null: the preset's.</summary>
    public string? Easing { get; init; }

    public static readonly IReadOnlyList<string> Types =
    [
        "none", "fade", "slide-up", "slide-down", "slide-left", "slide-right", "pop", "zoom", "blur", "wipe",
        "typewriter", "words", "lines", "bounce",
    ];

    /// <summary>Presets that reveal text piece by piece (text layers only).</summary>
    public static readonly IReadOnlyList<string> Reveals = ["typewriter", "words", "lines"];

    public static readonly IReadOnlyList<string> Easings = ["linear", "ease-in", "ease-out", "ease-in-out", "back"];
}

/// <summary>Reads and writes <see cref="Animate"/> in its short (a preset name) and long forms.</summary>
public sealed class AnimateConverter : JsonConverter<Animate>
{
    public override Animate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return Animate.Both(reader.GetString()!);
        }
        Expect(ref reader, JsonTokenType.StartObject, "must be a preset name or an object with in, out and float");
        Animation? @in = null, @out = null;
        var drift = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "in": @in = ReadAnimation(ref reader); break;
                case "out": @out = ReadAnimation(ref reader); break;
                case "float":
                    drift = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        _ => throw new JsonException("float must be true or false"),
                    };
                    break;
                default: throw new JsonException($"animate has no field '{name}' (in, out, float)");
            }
        }
        return new Animate { In = @in, Out = @out, Float = drift };
    }

    private static Animation? ReadAnimation(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return new Animation { Type = reader.GetString()! };
        }
        Expect(ref reader, JsonTokenType.StartObject, "an animation must be a preset name or {type, duration, delay, easing}");
        string? type = null, easing = null;
        double? duration = null;
        var delay = 0.0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "type": Expect(ref reader, JsonTokenType.String, "type must be a string"); type = reader.GetString(); break;
                case "easing": Expect(ref reader, JsonTokenType.String, "easing must be a string"); easing = reader.GetString(); break;
                case "duration": Expect(ref reader, JsonTokenType.Number, "duration must be a number of seconds"); duration = reader.GetDouble(); break;
                case "delay": Expect(ref reader, JsonTokenType.Number, "delay must be a number of seconds"); delay = reader.GetDouble(); break;
                default: throw new JsonException($"an animation has no field '{name}' (type, duration, delay, easing)");
            }
        }
        return new Animation { Type = type ?? throw new JsonException("an animation needs a type"), Duration = duration, Delay = delay, Easing = easing };
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string message)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException(message);
        }
    }

    public override void Write(Utf8JsonWriter writer, Animate value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        WriteAnimation(writer, "in", value.In);
        WriteAnimation(writer, "out", value.Out);
        if (value.Float)
        {
            writer.WriteBoolean("float", true);
        }
        writer.WriteEndObject();
    }

    private static void WriteAnimation(Utf8JsonWriter writer, string name, Animation? animation)
    {
        if (animation is null)
        {
            return;
        }
        writer.WriteStartObject(name);
        writer.WriteString("type", animation.Type);
        if (animation.Duration is { } duration)
        {
            writer.WriteNumber("duration", duration);
        }
        if (animation.Delay != 0)
        {
            writer.WriteNumber("delay", animation.Delay);
        }
        if (animation.Easing is { } easing)
        {
            writer.WriteString("easing", easing);
        }
        writer.WriteEndObject();
    }
}
