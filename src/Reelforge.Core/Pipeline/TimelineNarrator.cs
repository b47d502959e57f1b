using Reelforge.Timelines;

namespace Reelforge.Pipeline;

/// <summary>
/// Speaks every narrated scene into the work folder, gives `"auto"` scenes the length of their
/// speech, and adds caption layers timed to the words. A scene's speech starts once the transition
/// into it has finished, so it never plays under the previous scene.
/// </summary>
public static class TimelineNarrator
{
    /// <summary>Silence after the last word before the scene may end or turn to the next.</summary>
    public const double Pause = 0.3;

    /// <summary>Where a scene's speech is written; the renderer mixes the file it finds here.</summary>
    public static string AudioPath(string work, int scene) => Path.Combine(work, $"scene-{scene:D3}-narration.wav");

    /// <param name="timeline">A resolved timeline (transitions filled in).</param>
    public static async Task<Timeline> ApplyAsync(Timeline timeline, ISpeechEngine speech, string work, CancellationToken ct)
    {
        var scenes = new List<Scene>(timeline.Scenes.Count);
        for (var i = 0; i < timeline.Scenes.Count; i++)
        {
            var scene = timeline.Scenes[i];
            if (scene.Narration is not { } narration)
            {
                scenes.Add(scene);
                continue;
            }
            var spoken = await speech.SpeakAsync(narration, AudioPath(work, i), ct);
            var head = i > 0 ? timeline.Scenes[i - 1].Transition?.Seconds ?? 0 : 0;
            var tail = scene.Transition?.Seconds ?? 0;
            var seconds = scene.Duration is { IsAuto: false } fixedLength ? fixedLength.Seconds!.Value : head + spoken.Seconds + Pause + tail;
            scenes.Add(scene with
            {
                Duration = seconds,
                Layers = [.. scene.Layers, .. CaptionLayers(timeline.Captions ?? new Captions(), spoken, head, seconds - tail)],
            });
        }
        return timeline with { Scenes = scenes };
    }

    /// <summary>A rough length before speaking (for the API's `seconds` while the job waits).</summary>
    public static double Estimate(Narration narration) =>
        narration.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length * 60.0 / narration.Rate + Pause;

    private static IEnumerable<Layer> CaptionLayers(Captions captions, Speech spoken, double offset, double sceneEnd)
    {
        if (captions.Mode == "off" || spoken.Words.Count == 0)
        {
            yield break;
        }
        var groups = spoken.Words.Chunk(Math.Max(1, captions.Words)).ToList();
        // In highlight mode a line holds two groups; each group lights up in turn.
        var perLine = captions.Mode == "highlight" ? 2 : 1;
        for (var g = 0; g < groups.Count; g++)
        {
            var line = groups.Skip(g / perLine * perLine).Take(perLine).SelectMany(w => w).ToList();
            var firstWord = line.IndexOf(groups[g][0]);
            var start = offset + groups[g][0].Start;
            var end = g + 1 < groups.Count ? offset + groups[g + 1][0].Start : Math.Min(sceneEnd, offset + groups[g][^1].End + Pause);
            yield return new Layer
            {
                Type = "text",
                Text = string.Join(' ', line.Select(w => w.Text)),
                Style = "caption",
                Font = TimelineResolver.DefaultFont,
                Size = captions.Size,
                Color = captions.Mode == "highlight" ? captions.Color : captions.Highlight,
                Highlight = captions.Mode == "highlight" ? new WordRange(firstWord, firstWord + groups[g].Length - 1) : null,
                HighlightColor = captions.Highlight,
                Align = "center",
                Anchor = "bottom",
                Y = -0.04,
                Shadow = false,
                Box = new TextBox("#000000", 0.55, 0.015),
                MaxWidth = 0.84,
                X = 0,
                Start = start,
                End = Math.Max(start + 0.05, end),
            };
        }
    }
}
