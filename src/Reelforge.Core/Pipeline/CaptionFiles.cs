using System.Globalization;
using Reelforge.Timelines;

namespace Reelforge.Pipeline;

/// <summary>A caption in the whole video: seconds from the video's start, and the words shown.</summary>
public sealed record CaptionCue(double Start, double End, string Text);

/// <summary>
/// `captions.srt` and `captions.vtt` from a narrated timeline's captions, so players and
/// platforms can show (or hide, or translate) the words that are also burned into the picture.
/// </summary>
public static class CaptionFiles
{
    /// <param name="narrated">A timeline after <see cref="TimelineNarrator.ApplyAsync"/>: every duration is a number.</param>
    public static IReadOnlyList<CaptionCue> Cues(Timeline narrated)
    {
        // A video has whole frames: the renderer rounds each scene and each transition to frames,
        // so scene starts are summed in frames too (summing seconds drifts by up to half a frame a scene).
        var fps = narrated.Output.Fps;
        long Frames(double seconds) => (long)Math.Round(seconds * fps);
        var cues = new List<CaptionCue>();
        var sceneStart = 0L;
        foreach (var scene in narrated.Scenes)
        {
            var at = (double)sceneStart / fps;
            cues.AddRange(SceneCues(scene, scene.Seconds).Select(c => new CaptionCue(at + c.Start, at + c.End, c.Text)));
            // Each scene overlaps the next by its transition, so the next starts that much earlier.
            sceneStart += Frames(scene.Seconds) - Frames(scene.Transition?.Seconds ?? 0);
        }
        return cues;
    }

    /// <summary>
    /// One scene's captions, timed from the scene's own start (the narrator already adds the
    /// transition in). Files are read rather than watched, so their cues are subtitle-sized
    /// (the `plain` grouping: up to two lines), whatever the burned-in mode shows at once.
    /// </summary>
    private static IEnumerable<CaptionCue> SceneCues(Scene scene, double sceneSeconds)
    {
        foreach (var layer in scene.Layers)
        {
            if (layer is { Type: "captions", Words: { Count: > 0 } words })
            {
                var style = (layer.Captions ?? new Captions()) with { Mode = "plain" };
                foreach (var group in style.Timed(words, layer.End ?? sceneSeconds))
                {
                    yield return new CaptionCue(group.Start, group.End, WideText.Join(words.Take(group.Words).Select(w => w.Text)));
                }
            }
        }
    }

    /// <summary>`captions.srt` and `captions.vtt` beside the video; null when nothing is captioned.</summary>
    public static async Task<(string Srt, string Vtt)?> WriteAsync(Timeline narrated, double videoSeconds, string output, CancellationToken ct)
    {
        // Scenes are rounded to whole frames, so the file may end a little before the timeline does.
        var cues = Cues(narrated).Where(c => c.Start < videoSeconds).Select(c => c with { End = Math.Min(c.End, videoSeconds) }).ToList();
        if (cues.Count == 0)
        {
            return null;
        }
        var (srt, vtt) = (Path.Combine(output, "captions.srt"), Path.Combine(output, "captions.vtt"));
        // UTF-8 without a byte order mark: WebVTT requires UTF-8, and some SubRip readers show a BOM as text.
        await using (var writer = new StreamWriter(srt, append: false, new System.Text.UTF8Encoding(false)))
        {
            WriteSrt(cues, writer);
            await writer.FlushAsync(ct);
        }
        await using (var writer = new StreamWriter(vtt, append: false, new System.Text.UTF8Encoding(false)))
        {
            WriteVtt(cues, writer);
            await writer.FlushAsync(ct);
        }
        return (srt, vtt);
    }

    /// <summary>SubRip: a number, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, the text, a blank line.</summary>
    public static void WriteSrt(IReadOnlyList<CaptionCue> cues, TextWriter writer)
    {
        var number = 0;
        foreach (var (start, end, text) in Normalize(cues))
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{++number}\n{Time(start, ',')} --> {Time(end, ',')}\n{text}\n\n"));
        }
    }

    /// <summary>WebVTT: the `WEBVTT` header, then `HH:MM:SS.mmm --> HH:MM:SS.mmm`, the escaped text, a blank line.</summary>
    public static void WriteVtt(IReadOnlyList<CaptionCue> cues, TextWriter writer)
    {
        writer.Write("WEBVTT\n\n");
        foreach (var (start, end, text) in Normalize(cues))
        {
            var escaped = text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{Time(start, '.')} --> {Time(end, '.')}\n{escaped}\n\n"));
        }
    }

    /// <summary>
    /// Cues as both formats need them: whole milliseconds (so what is written is what was
    /// checked), in time order, never overlapping (a cue ends where the next begins; cues that
    /// begin together become one), each text one line without `-->` (a line break or a blank
    /// line would end the cue, and `-->` marks a timing line), empty ones left out.
    /// </summary>
    private static List<(long Start, long End, string Text)> Normalize(IReadOnlyList<CaptionCue> cues)
    {
        var sorted = new List<(long Start, long End, string Text)>(cues.Count);
        foreach (var cue in cues.OrderBy(c => c.Start))
        {
            var text = string.Join(' ', cue.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Replace("-->", "→", StringComparison.Ordinal);
            var (start, end) = (Millis(cue.Start), Millis(cue.End));
            if (text.Length == 0 || end <= start)
            {
                continue;
            }
            if (sorted.Count > 0 && sorted[^1].Start == start)
            {
                sorted[^1] = (start, Math.Max(end, sorted[^1].End), sorted[^1].Text + " " + text);
                continue;
            }
            sorted.Add((start, end, text));
        }
        for (var i = 0; i + 1 < sorted.Count; i++)
        {
            sorted[i] = sorted[i] with { End = Math.Min(sorted[i].End, sorted[i + 1].Start) };
        }
        return sorted;
    }

    private static long Millis(double seconds) => (long)Math.Round(Math.Max(0, seconds) * 1000, MidpointRounding.AwayFromZero);

    private static string Time(long ms, char separator) =>
        string.Create(CultureInfo.InvariantCulture, $"{ms / 3_600_000:00}:{ms / 60_000 % 60:00}:{ms / 1000 % 60:00}{separator}{ms % 1000:000}");
}
