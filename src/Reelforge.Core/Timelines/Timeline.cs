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
    /// <summary>A designed look (`bold`, `minimal`, `neon`, `paper`, `corporate`): fonts, colours, motion, captions and transitions left out come from it.</summary>
    public string? Theme { get; init; }
    /// <summary>Chooses among alternatives (`random` transitions), so the same timeline renders the same video.</summary>
    public int Seed { get; init; }
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
    public double ClipStart(int index) => SceneStart(index) + TransitionIn(index);

    /// <summary>When scene <paramref name="index"/> starts in the whole video (the transition into it begins).</summary>
    public double SceneStart(int index) => Scenes.Take(index).Sum(s => s.Seconds - (s.Transition?.Seconds ?? 0));

    /// <summary>Seconds at the start of scene <paramref name="index"/> shared with the previous one. Valid once resolved.</summary>
    public double TransitionIn(int index) => index > 0 ? Scenes[index - 1].Transition?.Seconds ?? 0 : 0;

    /// <summary>Seconds at the end of scene <paramref name="index"/> shared with the next one (none after the last). Valid once resolved.</summary>
    public double TransitionOut(int index) => index < Scenes.Count - 1 ? Scenes[index].Transition?.Seconds ?? 0 : 0;
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
    /// <summary>Which provider gave the background and its credit line, set by the pipeline (never read from a client's timeline); the job's scenes keep it.</summary>
    [JsonIgnore]
    public SceneSource? Source { get; init; }

    /// <summary>The resolved length; only meaningful once "auto" has been replaced by a number.</summary>
    [JsonIgnore]
    public double Seconds => Duration?.Seconds ?? 0;
}

/// <summary>Where a scene's media came from: a provider's name (`library`, `pexels`, `upstream`, …) and the credit line it asks for.</summary>
public sealed record SceneSource(string Provider, string? Credit);

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
    /// <summary>`cut`, one of <see cref="Xfade"/>'s names, or `random` (one of <see cref="RandomChoices"/>, by the timeline's seed).</summary>
    public string Type { get; set; } = "crossfade";
    public double Duration { get; set; } = 0.5;

    [JsonIgnore]
    public double Seconds => Type == "cut" ? 0 : Duration;

    /// <summary>Every transition of FFmpeg 5.1's `xfade`, under a readable name (`fade` goes through black, as editors mean it).</summary>
    public static readonly IReadOnlyDictionary<string, string> Xfade = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["crossfade"] = "fade", ["fade"] = "fadeblack", ["fade-white"] = "fadewhite", ["fade-grays"] = "fadegrays",
        ["fade-fast"] = "fadefast", ["fade-slow"] = "fadeslow", ["dissolve"] = "dissolve", ["pixelize"] = "pixelize",
        ["distance"] = "distance", ["radial"] = "radial", ["blur"] = "hblur", ["zoom-in"] = "zoomin",
        ["wipe-left"] = "wipeleft", ["wipe-right"] = "wiperight", ["wipe-up"] = "wipeup", ["wipe-down"] = "wipedown",
        ["wipe-top-left"] = "wipetl", ["wipe-top-right"] = "wipetr", ["wipe-bottom-left"] = "wipebl", ["wipe-bottom-right"] = "wipebr",
        ["slide-left"] = "slideleft", ["slide-right"] = "slideright", ["slide-up"] = "slideup", ["slide-down"] = "slidedown",
        ["smooth-left"] = "smoothleft", ["smooth-right"] = "smoothright", ["smooth-up"] = "smoothup", ["smooth-down"] = "smoothdown",
        ["circle-open"] = "circleopen", ["circle-close"] = "circleclose", ["circle-crop"] = "circlecrop", ["rect-crop"] = "rectcrop",
        ["vertical-open"] = "vertopen", ["vertical-close"] = "vertclose", ["horizontal-open"] = "horzopen", ["horizontal-close"] = "horzclose",
        ["diagonal-top-left"] = "diagtl", ["diagonal-top-right"] = "diagtr", ["diagonal-bottom-left"] = "diagbl", ["diagonal-bottom-right"] = "diagbr",
        ["slice-left"] = "hlslice", ["slice-right"] = "hrslice", ["slice-up"] = "vuslice", ["slice-down"] = "vdslice",
        ["squeeze-horizontal"] = "squeezeh", ["squeeze-vertical"] = "squeezev",
    };

    /// <summary>What `random` picks from: transitions that suit most cuts (no slices, crops or pixelation).</summary>
    public static readonly IReadOnlyList<string> RandomChoices =
        ["crossfade", "smooth-left", "smooth-up", "circle-open", "slide-left", "wipe-right", "radial", "zoom-in", "fade-fast"];

    public static readonly IReadOnlyList<string> Types = ["cut", "random", .. Xfade.Keys];
}
