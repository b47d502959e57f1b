using System.Text.RegularExpressions;
using Reelforge.Jobs;
using Reelforge.Timelines;

namespace Reelforge.Planning;

/// <summary>
/// Turns a free-text prompt into a timeline: one scene per sentence, durations in proportion to
/// the sentence's words and rounded to whole frames so that they add up to exactly the length asked
/// for, colours from a palette chosen by the seed.
/// </summary>
public static partial class PromptPlanner
{
    public const int DefaultFps = 30;

    private static readonly (string Background, string Text)[] Palette =
    [
        ("#1A1A2E", "#FFFFFF"), ("#16213E", "#F5F5F5"), ("#0F3460", "#FFFFFF"), ("#533483", "#FFFFFF"),
        ("#2D6A4F", "#FFFFFF"), ("#E9C46A", "#1D1D1D"), ("#264653", "#FFFFFF"), ("#9D0208", "#FFFFFF"),
    ];

    /// <summary>Planning styles: `slides` (each sentence on screen) or `story` (each sentence spoken, with captions).</summary>
    public static readonly IReadOnlyList<string> Styles = ["slides", "story"];

    public static Timeline Plan(string prompt, double seconds, OutputSpec output, int seed, string? firstImage = null, string style = "slides")
    {
        if (style == "story")
        {
            return PlanStory(prompt, output, seed, firstImage);
        }
        var sentences = SplitSentences(prompt, maxScenes: Math.Max(1, (int)Math.Floor(seconds)));
        var durations = Apportion(sentences.Select(WordCount).ToArray(), seconds, output.Fps);
        var start = (int)((uint)seed % Palette.Length);
        var scenes = sentences.Select((text, i) =>
        {
            var (background, color) = Palette[(start + i) % Palette.Length];
            return new Scene
            {
                Duration = durations[i],
                Background = new Background { Color = background, Image = i == 0 && firstImage is not null ? new ImageFill { Src = firstImage } : null },
                Layers = [new Layer { Type = "text", Text = text, Color = color }],
            };
        }).ToList();
        return TimelineResolver.Resolve(new Timeline { Output = output, Scenes = scenes });
    }

    /// <summary>Each sentence narrated, as long as its speech, with captions instead of on-screen titles.</summary>
    private static Timeline PlanStory(string prompt, OutputSpec output, int seed, string? firstImage)
    {
        var start = (int)((uint)seed % Palette.Length);
        var scenes = SplitSentences(prompt, maxScenes: 100).Select((text, i) => new Scene
        {
            Duration = SceneLength.Auto,
            Background = new Background { Color = Palette[(start + i) % Palette.Length].Background, Image = i == 0 && firstImage is not null ? new ImageFill { Src = firstImage, Motion = "zoom-in" } : null },
            Narration = new Narration { Text = text },
        }).ToList();
        return TimelineResolver.Resolve(new Timeline
        {
            Output = output,
            Captions = new Captions(),
            Transition = new Transition { Type = "crossfade", Duration = 0.4 },
            Scenes = scenes,
        });
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

    [GeneratedRegex(@"(?<=[.!?…])\s+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
