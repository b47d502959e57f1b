namespace Reelforge.Timelines;

/// <summary>Speech for a scene. It starts once the transition into the scene has finished.</summary>
public sealed record Narration
{
    public required string Text { get; init; }
    /// <summary>An espeak-ng voice: a language code such as `en`, `en-us`, `fr`, `de`, `es`, optionally with a variant (`en+f3`).</summary>
    public string Voice { get; set; } = "en";
    /// <summary>Words per minute (80-450).</summary>
    public int Rate { get; set; } = 175;
}

/// <summary>Burned-in captions for narrated scenes: short word groups timed to the speech.</summary>
public sealed record Captions
{
    /// <summary>`groups`: the current group alone; `highlight`: the sentence's line with the current group in `highlight`; `off`.</summary>
    public string Mode { get; set; } = "highlight";
    /// <summary>Words per group.</summary>
    public int Words { get; set; } = 3;
    public string Color { get; set; } = "#FFFFFF";
    public string Highlight { get; set; } = "#FFD60A";
    /// <summary>Font size as a fraction of the frame height.</summary>
    public double Size { get; set; } = 0.055;

    public static readonly IReadOnlyList<string> Modes = ["groups", "highlight", "off"];
}

/// <summary>Music under the whole video.</summary>
public sealed record Soundtrack
{
    public required string Src { get; init; }
    public double Volume { get; set; } = 0.3;
    /// <summary>Start again when it ends (else silence after it).</summary>
    public bool Loop { get; set; } = true;
    /// <summary>Lower it while a scene's narration speaks.</summary>
    public bool Duck { get; set; } = true;
}
