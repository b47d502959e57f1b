using Reelforge.Timelines;
using SkiaSharp;

namespace Reelforge.Rendering.Text;

public static class Colors
{
    /// <summary>Parses `#RRGGBB` (only that: colours reach FFmpeg, so nothing else may pass).</summary>
    public static SKColor Parse(string hex) =>
        TimelineValidator.IsColor(hex) ? SKColor.Parse(hex) : throw new FormatException($"'{hex}' is not a #RRGGBB colour.");

    /// <summary>The colour as FFmpeg's `0xRRGGBB`.</summary>
    public static string ToFfmpeg(string hex) =>
        TimelineValidator.IsColor(hex) ? "0x" + hex[1..].ToUpperInvariant() : throw new FormatException($"'{hex}' is not a #RRGGBB colour.");
}
