using System.Globalization;
using System.Text.Json.Nodes;
using Reelforge.Pipeline;

namespace Reelforge.Rendering.Providers;

/// <summary>
/// Word times a speech provider gave, turned into caption words. Kokoro-FastAPI's
/// `/dev/captioned_speech` answers `timestamps: [{"word", "start_time", "end_time"}]` in seconds,
/// punctuation as words of its own. When the spoken words line up one for one with the
/// narration's, the narration's words (with their punctuation) are shown at the provider's times;
/// otherwise the provider's words are, as they are what was said.
/// </summary>
public static class ProviderWordTimes
{
    /// <summary>The caption words, or null when the answer has no usable times (then the length is shared out instead).</summary>
    public static IReadOnlyList<SpokenWord>? From(JsonArray? timestamps, string narration, double seconds)
    {
        if (timestamps is null)
        {
            return null;
        }
        var spoken = new List<SpokenWord>();
        foreach (var item in timestamps.OfType<JsonObject>())
        {
            if (item["word"] is JsonValue word && word.TryGetValue<string>(out var text) && text.Any(char.IsLetterOrDigit)
                && Seconds(item["start_time"]) is { } start && Seconds(item["end_time"]) is { } end)
            {
                spoken.Add(new SpokenWord(text.Trim(), start, end));
            }
        }
        if (spoken.Count == 0)
        {
            return null;
        }
        // Times in order and inside the audio, whatever the provider's rounding.
        var at = 0.0;
        var timed = new List<SpokenWord>(spoken.Count);
        foreach (var w in spoken)
        {
            var start = Math.Clamp(Math.Max(w.Start, at), 0, seconds);
            var end = Math.Clamp(Math.Max(w.End, start + 0.01), start, seconds);
            timed.Add(w with { Start = start, End = end });
            at = start;
        }
        var words = narration.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Any(char.IsLetterOrDigit)).ToArray();
        return words.Length == timed.Count ? timed.Select((w, i) => w with { Text = words[i] }).ToList() : timed;
    }

    private static double? Seconds(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<double>(out var d) && double.IsFinite(d) && d >= 0 ? d
        : value.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && double.IsFinite(p) && p >= 0 ? p : null
        : null;
}
