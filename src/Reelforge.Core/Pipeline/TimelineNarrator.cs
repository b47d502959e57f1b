using Reelforge.Timelines;

namespace Reelforge.Pipeline;

/// <summary>
/// Speaks every narrated scene into the work folder, gives `"auto"` scenes the length of their
/// speech, records where the audio is, and adds a captions layer timed to the words. A scene's
/// speech starts once the transition into it has finished, so it never plays under the previous
/// scene, and its captions end before the transition out, so two scenes' captions never overlap.
/// </summary>
public static class TimelineNarrator
{
    /// <summary>Silence after the last word before the scene may end or turn to the next.</summary>
    public const double Pause = 0.3;

    private static string AudioPath(string work, int scene) => Path.Combine(work, $"scene-{scene:D3}-narration.wav");

    /// <param name="timeline">A resolved timeline (transitions filled in).</param>
    /// <param name="note">Told each provider call's outcome (a job's `note` events).</param>
    public static async Task<Timeline> ApplyAsync(Timeline timeline, ISpeechEngine speech, string work, CancellationToken ct, Func<string, Task>? note = null)
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
            var audio = AudioPath(work, i);
            var spoken = await speech.SpeakAsync(narration, audio, ct);
            if (spoken.Note is { } said && note is not null)
            {
                await note($"speech: scene {i + 1}: {said}");
            }
            var head = timeline.TransitionIn(i);
            var tail = timeline.TransitionOut(i);
            var seconds = scene.Duration is { IsAuto: false } fixedLength ? fixedLength.Seconds!.Value : head + spoken.Seconds + Pause + tail;
            var captions = timeline.Captions ?? new Captions();
            scenes.Add(scene with
            {
                Duration = seconds,
                Narration = narration with { AudioPath = audio },
                Layers = captions.Mode == "off" || spoken.Words.Count == 0
                    ? scene.Layers
                    : [.. scene.Layers, new Layer
                    {
                        Type = "captions",
                        Captions = captions,
                        // A run of CJK text is one spoken word; captions show it in pieces (WideText).
                        Words = spoken.Words.SelectMany(w => WideText.CaptionWords(w.Text, head + w.Start, head + w.End)).ToList(),
                        // Captions end before the transition out, so they never meet the next scene's.
                        End = Math.Max(head + 0.05, seconds - tail),
                    }],
            });
        }
        return timeline with { Scenes = scenes };
    }

    /// <summary>A rough length before speaking (for the API's `seconds` while the job waits).</summary>
    public static double Estimate(Narration narration) =>
        narration.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length * 60.0 / narration.Rate + Pause;
}
