using System.Text.Json.Serialization;

namespace Reelforge.Timelines;

// Properties with a default are `set`, not `init`: System.Text.Json's source generator assigns every
// init-only property in an object initializer, so a field absent from the JSON would replace the
// default with null. With a setter it is assigned only when present.

/// <summary>
/// The declarative description every request compiles to (docs/timeline.md): output settings,
/// scenes with a background, layers, narration and a transition to the next scene, and an optional
/// soundtrack. Sources name where media comes from (`blob:<key>`, an http(s) URL, or, once
/// resolved by the pipeline, a local file); the renderer only ever sees local files.
/// </summary>
public sealed record Timeline
{
    public OutputSpec Output { get; set; } = new();
    /// <summary>Text style every text layer starts from (a scene's `text` and the layer's own fields override it).</summary>
    public TextStyle? Text { get; init; }
    /// <summary>The transition used after every scene that does not name its own.</summary>
    public Transition? Transition { get; init; }
    public IReadOnlyList<Scene> Scenes { get; set; } = [];
    public Soundtrack? Soundtrack { get; init; }
    /// <summary>Captions for every narrated scene; null or mode `off`: none.</summary>
    public Captions? Captions { get; init; }

    /// <summary>Length of the output: scene durations less the transition overlaps. Valid once durations are known.</summary>
    [JsonIgnore]
    public double DurationSeconds => Scenes.Sum(s => s.Seconds) - Scenes.SkipLast(1).Sum(s => s.Transition?.Seconds ?? 0);

    /// <summary>When scene <paramref name="index"/>'s clip starts in the whole video (after the transition into it).</summary>
    public double ClipStart(int index) => Scenes.Take(index).Sum(s => s.Seconds - (s.Transition?.Seconds ?? 0))
        + (index > 0 ? Scenes[index - 1].Transition?.Seconds ?? 0 : 0);
}

public sealed record OutputSpec
{
    public int Width { get; set; } = 1280;
    public int Height { get; set; } = 720;
    /// <summary>24, 25, 30 or 60.</summary>
    public int Fps { get; set; } = 30;
    /// <summary>`draft`, `standard` or `high`.</summary>
    public string Quality { get; set; } = "standard";
}

public sealed record Scene
{
    /// <summary>Seconds, or `"auto"`: as long as the scene's narration.</summary>
    public SceneLength? Duration { get; init; }
    public Background Background { get; set; } = new();
    /// <summary>Style for this scene's text layers, over the timeline's.</summary>
    public TextStyle? Text { get; init; }
    /// <summary>Drawn in order: the first is at the bottom.</summary>
    public IReadOnlyList<Layer> Layers { get; set; } = [];
    /// <summary>How this scene gives way to the next; ignored on the last scene.</summary>
    public Transition? Transition { get; init; }
    public Narration? Narration { get; init; }

    /// <summary>The resolved length; only meaningful once "auto" has been replaced by a number.</summary>
    [JsonIgnore]
    public double Seconds => Duration?.Seconds ?? 0;
}

/// <summary>A scene's length: a number of seconds, or "auto" (null seconds).</summary>
[JsonConverter(typeof(SceneLengthConverter))]
public readonly record struct SceneLength(double? Seconds)
{
    public static readonly SceneLength Auto = new(null);

    public bool IsAuto => Seconds is null;

    public static implicit operator SceneLength(double seconds) => new(seconds);
}

public sealed record Transition
{
    /// <summary>`cut`, `fade` (through black), `crossfade`, `slide-left|right|up|down`, `wipe-left|right|up|down`.</summary>
    public string Type { get; set; } = "crossfade";
    public double Duration { get; set; } = 0.5;

    [JsonIgnore]
    public double Seconds => Type == "cut" ? 0 : Duration;

    public static readonly IReadOnlyList<string> Types =
    [
        "cut", "fade", "crossfade", "slide-left", "slide-right", "slide-up", "slide-down",
        "wipe-left", "wipe-right", "wipe-up", "wipe-down",
    ];
}
