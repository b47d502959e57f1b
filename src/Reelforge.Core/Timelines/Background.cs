namespace Reelforge.Timelines;

/// <summary>What fills the frame behind the layers: a colour, a gradient, an image or a video clip.</summary>
public sealed record Background
{
    /// <summary>`#RRGGBB`; shows where nothing else covers it.</summary>
    public string Color { get; set; } = "#000000";
    public Gradient? Gradient { get; init; }
    public ImageFill? Image { get; init; }
    public VideoFill? Video { get; init; }
    /// <summary>Subtle moving film grain over the background.</summary>
    public bool Grain { get; init; }
    /// <summary>Darkened corners.</summary>
    public bool Vignette { get; init; }
}

/// <summary>A linear gradient; `angle` in degrees, 0 = left to right, 90 = top to bottom.</summary>
public sealed record Gradient
{
    public required string From { get; init; }
    public required string To { get; init; }
    public double Angle { get; set; } = 90;
    /// <summary>Drift slowly through the colours while the scene is shown.</summary>
    public bool Animate { get; init; }
}

public sealed record ImageFill
{
    public required string Src { get; init; }
    /// <summary>`cover` (fill, cropping) or `contain` (fit, on the background colour).</summary>
    public string Fit { get; set; } = "cover";
    /// <summary>`none`, `zoom-in`, `zoom-out`, `pan-left`, `pan-right`, `pan-up`, `pan-down`.</summary>
    public string Motion { get; set; } = "none";
    /// <summary>How far the motion zooms (1.2 = 20% closer at its end).</summary>
    public double Zoom { get; set; } = 1.2;

    public static readonly IReadOnlyList<string> Motions = ["none", "zoom-in", "zoom-out", "pan-left", "pan-right", "pan-up", "pan-down"];
}

public sealed record VideoFill
{
    public required string Src { get; init; }
    /// <summary>Where in the clip to start, in seconds.</summary>
    public double Trim { get; init; }
    /// <summary>When the clip is shorter than the scene: `freeze` its last frame, or `loop` it.</summary>
    public string Fill { get; set; } = "freeze";
    /// <summary>Keep the clip's own sound (mixed under any narration).</summary>
    public bool Audio { get; init; }
    public double Volume { get; set; } = 1;
}
