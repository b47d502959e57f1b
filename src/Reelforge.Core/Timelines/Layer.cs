namespace Reelforge.Timelines;

/// <summary>
/// Something drawn over the background: `type` is `text`, `image`, `shape`, `icon` (an emoji drawn
/// large) or `captions` (words timed to speech). Text fields left out come from the scene's and then the timeline's text style, then from
/// the style preset.
/// </summary>
public sealed record Layer
{
    public string Type { get; set; } = "text";

    // Text
    public string? Text { get; init; }
    /// <summary>Style preset: `title`, `body` or `caption`.</summary>
    public string? Style { get; init; }
    public string? Font { get; init; }
    /// <summary>Font size (an icon's size) as a fraction of the frame's shorter side (0.08 = 8%).</summary>
    public double? Size { get; init; }
    public string? Color { get; init; }
    /// <summary>`left`, `center` or `right`, within the text block.</summary>
    public string? Align { get; init; }
    public Outline? Outline { get; init; }
    public bool? Shadow { get; init; }
    public TextBox? Box { get; init; }
    /// <summary>Widest a text line may be, as a fraction of the frame width.</summary>
    public double? MaxWidth { get; init; }
    /// <summary>Tallest the text block may be, as a fraction of the frame height; the size steps down until it fits (default: the safe area).</summary>
    public double? MaxHeight { get; init; }

    /// <summary>Words (by index in `text`) drawn in `highlight_color` (captions' current group).</summary>
    public WordRange? Highlight { get; init; }
    public string? HighlightColor { get; init; }

    // Image
    public string? Src { get; init; }
    /// <summary>Image width as a fraction of the frame width.</summary>
    public double? Scale { get; init; }
    /// <summary>0-1, for every kind of layer.</summary>
    public double? Opacity { get; init; }

    // Shape
    /// <summary>`rect`, `circle`, `line`, or `progress` (a bar across the frame that fills as the video plays).</summary>
    public string? Shape { get; init; }
    /// <summary>Shape width as a fraction of the frame width.</summary>
    public double? Width { get; init; }
    /// <summary>Shape height (a line's thickness) as a fraction of the frame height; a circle's is its width.</summary>
    public double? Height { get; init; }
    public string? Fill { get; init; }
    public Outline? Stroke { get; init; }
    /// <summary>A rectangle's or an image's corner radius as a fraction of the frame height (0.5 rounds an image to a circle or pill).</summary>
    public double? Radius { get; init; }

    // Icon
    /// <summary>An emoji, drawn with the colour emoji font at `size` (a fraction of the frame's shorter side).</summary>
    public string? Icon { get; init; }

    // Captions (made by narration; may also be written by hand for a soundtrack's words)
    /// <summary>The words and when each is spoken; the layer shows them as <see cref="Captions"/> says.</summary>
    public IReadOnlyList<CaptionWord>? Words { get; init; }
    public Captions? Captions { get; init; }

    /// <summary>Entrance, exit and drift (any kind of layer).</summary>
    public Animate? Animate { get; init; }

    // Placement and timing (both kinds)
    /// <summary>Safe-area anchor: `center`, `top`, `bottom`, `left`, `right`, `top-left`, `top-right`, `bottom-left`, `bottom-right`.</summary>
    public string? Anchor { get; init; }
    /// <summary>Offset from the anchor, as fractions of the frame (x to the right, y down).</summary>
    public double? X { get; init; }
    public double? Y { get; init; }
    /// <summary>Seconds into the scene when the layer appears / disappears.</summary>
    public double? Start { get; init; }
    public double? End { get; init; }

    public static readonly IReadOnlyList<string> Types = ["text", "image", "shape", "icon", "captions"];
    public static readonly IReadOnlyList<string> Shapes = ["rect", "circle", "line", "progress"];

    public static readonly IReadOnlyList<string> Anchors =
        ["center", "top", "bottom", "left", "right", "top-left", "top-right", "bottom-left", "bottom-right"];
}

public sealed record WordRange(int First, int Last);

public sealed record Outline(string Color = "#000000", double Width = 0.004);

public sealed record TextBox(string Color = "#000000", double Opacity = 0.6, double Padding = 0.02);

/// <summary>Text fields that cascade: timeline → scene → layer.</summary>
public sealed record TextStyle
{
    public string? Style { get; init; }
    public string? Font { get; init; }
    public double? Size { get; init; }
    public string? Color { get; init; }
    public string? Align { get; init; }
    public string? Anchor { get; init; }
    public Outline? Outline { get; init; }
    public bool? Shadow { get; init; }
    public TextBox? Box { get; init; }
}
