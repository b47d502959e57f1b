using System.Text.RegularExpressions;
using Reelforge.Jobs;
using Reelforge.Pipeline;
using Reelforge.Providers;
using Reelforge.Timelines;

namespace Reelforge.Planning;

/// <summary>
/// Turns a free-text prompt into a designed timeline, offline: each sentence is read for its shape
/// (<see cref="SentenceKinds"/>) and laid out to match (<see cref="SceneLayouts"/>), in a theme's
/// fonts, palette, motion, captions and transitions (the request's, or the seed's pick), with an
/// emoji per scene when one matches. `slides` shows the words; `story` narrates them with captions
/// over the same layouts. Durations follow the words and are whole frames that add up exactly.
/// </summary>
public static partial class PromptPlanner
{
    public const int DefaultFps = 30;

    /// <summary>Planning styles: `slides` (each sentence on screen) or `story` (each sentence spoken, with captions).</summary>
    public static readonly IReadOnlyList<string> Styles = ["slides", "story"];

    public static Timeline Plan(string prompt, double seconds, OutputSpec output, int seed, string? firstImage = null, string style = "slides",
        string? theme = null, PlannerIcons? icons = null)
    {
        var scenes = Sentences(prompt, seconds, style).Select((text, i) => new WrittenScene(text, text, text)
        {
            Picture = i == 0 && firstImage is not null ? new Background { Image = new ImageFill { Src = firstImage, Motion = "zoom-in" } } : null,
        }).ToList();
        return Plan(scenes, seconds, output, seed, style, theme, icons);
    }

    /// <summary>The prompt's sentences, one a scene (list lines folded in; in `slides`, at most one a whole second).</summary>
    public static List<string> Sentences(string prompt, double seconds, string style) =>
        SplitSentences(SentenceKinds.FoldBulletLines(prompt), maxScenes: style == "story" ? 100 : Math.Max(1, (int)Math.Floor(seconds)));

    /// <summary>
    /// Written scenes (a script writer's, or the prompt's sentences) laid out the same way: each
    /// scene's text is read for its shape, its narration is spoken in `story`, and its picture, when
    /// it has one, is the background with the text on dark boxes. Where a story scene's text differs
    /// from what is spoken, the layout shows the text (captions carry the speech).
    /// </summary>
    public static Timeline Plan(IReadOnlyList<WrittenScene> written, double seconds, OutputSpec output, int seed, string style = "slides",
        string? theme = null, PlannerIcons? icons = null)
    {
        var look = theme is not null && Themes.All.TryGetValue(theme, out var named) ? named : Themes.ForSeed(seed);
        var story = style == "story";
        var planned = SentenceKinds.ClassifyAll(written.Select(w => w.Text).ToList());
        // Lists hold the screen longer: each item is read.
        var durations = story ? null : Apportion(planned.Select(p => WordCount(p.Text) + (p.Kind == SentenceKind.List ? 3 : 0)).ToArray(), seconds, output.Fps);
        var transitions = durations is null ? null : Enumerable.Range(0, planned.Count - 1).Select(i => Fitted(look.Transition, Math.Min(durations[i], durations[i + 1]), output.Fps)).ToList();
        if (durations is not null)
        {
            // Each transition overlaps two scenes; the earlier one is lengthened by it, so the video is as long as asked.
            for (var i = 0; i < transitions!.Count; i++)
            {
                durations[i] += transitions[i].Seconds;
            }
        }
        var variant = (int)((uint)seed % SceneLayouts.BodyVariants);
        var scenes = new List<Scene>(planned.Count);
        for (var i = 0; i < planned.Count; i++)
        {
            var picture = written[i].Picture;
            var context = new LayoutContext(output, look, Themes.PaletteFor(look, seed, i), durations?[i] ?? TimelineNarrator.Estimate(new Narration { Text = written[i].Narration }))
            {
                Icon = icons?.For(planned[i].Text, seed + i),
                Story = story && written[i].Narration == written[i].Text,
                OnPicture = picture is not null,
                Variant = planned[i].Kind == SentenceKind.Body ? variant++ : 0,
            };
            var layers = SceneLayouts.Lay(planned[i], context);
            layers.Add(new Layer
            {
                // Along the top on 9:16, where the apps' own controls leave it visible.
                Type = "shape", Shape = "progress", Fill = context.OnPicture ? "#FFFFFF" : context.Palette.Accent, Height = 0.008, Opacity = 0.9,
                Anchor = output.Height > output.Width ? "top" : "bottom",
            });
            scenes.Add(new Scene
            {
                Duration = story ? SceneLength.Auto : durations![i],
                Background = picture ?? new Background(),
                Layers = layers,
                Narration = story ? new Narration { Text = written[i].Narration } : null,
                Transition = transitions is null || i == planned.Count - 1 ? null : transitions[i],
            });
        }
        return TimelineResolver.Resolve(new Timeline { Output = output, Theme = look.Name, Seed = seed, Scenes = scenes });
    }

    /// <summary>The theme's transition, shortened to a third of the shorter scene it joins (a cut when that is under two frames).</summary>
    private static Transition Fitted(Transition transition, double shorter, int fps)
    {
        var seconds = Math.Floor(Math.Min(transition.Duration, shorter / 3) * fps) / fps;
        return seconds < 2.0 / fps ? new Transition { Type = "cut", Duration = 0 } : transition with { Duration = seconds };
    }

    /// <summary>A stable seed for a prompt (FNV-1a; string.GetHashCode differs between runs).</summary>
    public static int SeedOf(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash & 0x7FFFFFFF);
    }

    internal static List<string> SplitSentences(string prompt, int maxScenes)
    {
        var sentences = SentenceEnd().Split(prompt.Trim())
            .Select(s => WhiteSpace().Replace(s, " ").Trim())
            .Where(s => s.Length > 0)
            .ToList();
        if (sentences.Count == 0)
        {
            sentences.Add(prompt.Trim());
        }
        // More sentences than whole seconds would make unreadable flashes: fold the tail into the last scene.
        while (sentences.Count > maxScenes)
        {
            sentences[^2] = sentences[^2] + " " + sentences[^1];
            sentences.RemoveAt(sentences.Count - 1);
        }
        return sentences;
    }

    /// <summary>Splits <paramref name="seconds"/> by weight into whole frames that sum exactly.</summary>
    internal static double[] Apportion(int[] weights, double seconds, int fps)
    {
        var totalFrames = (int)Math.Round(seconds * fps);
        var totalWeight = Math.Max(1, weights.Sum());
        var frames = new int[weights.Length];
        var assigned = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            frames[i] = i == weights.Length - 1
                ? totalFrames - assigned
                : Math.Max(fps / 2, (int)Math.Round((double)totalFrames * weights[i] / totalWeight));
            assigned += frames[i];
        }
        // The floor of half a second per scene can overshoot on the last scene; rebalance from the longest.
        while (frames[^1] < fps / 2 && frames.Length > 1)
        {
            var longest = Array.IndexOf(frames, frames[..^1].Max());
            frames[longest]--;
            frames[^1]++;
        }
        return frames.Select(f => (double)f / fps).ToArray();
    }

    private static int WordCount(string s) => Math.Max(1, s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);

    // After . ! ? … and a space; after a CJK full stop 。！？ with or without one, but not inside a
    // quotation (「おはよう。」と言う is one sentence): after its closing bracket, only at a space.
    [GeneratedRegex(@"(?<=[.!?…])\s+|(?<=[。！？])(?![」』）])\s*|(?<=[。！？][」』）])\s+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
