using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reelforge.Timelines;

/// <summary>Reads a scene duration written as a number of seconds or as the string "auto".</summary>
public sealed class SceneLengthConverter : JsonConverter<SceneLength>
{
    public override SceneLength Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => new SceneLength(reader.GetDouble()),
        JsonTokenType.String when reader.ValueTextEquals("auto"u8) => SceneLength.Auto,
        _ => throw new JsonException("must be a number of seconds or \"auto\""),
    };

    public override void Write(Utf8JsonWriter writer, SceneLength value, JsonSerializerOptions options)
    {
        if (value.Seconds is { } seconds)
        {
            writer.WriteNumberValue(seconds);
        }
        else
        {
            writer.WriteStringValue("auto");
        }
    }
}
