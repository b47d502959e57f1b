using Microsoft.Extensions.Options;
using Reelforge.Timelines;
using SkiaSharp;

namespace Reelforge.Rendering.Text;

/// <summary>
/// Draws a text layer into a transparent full-frame PNG that FFmpeg overlays. The text never
/// reaches FFmpeg, so no character of it can be read as a filter expression.
/// </summary>
public sealed class TextRasterizer(IOptions<RenderOptions> options)
{
    public void RenderPng(TextLayer layer, int width, int height, string path)
    {
        using var typeface = SKTypeface.FromFamilyName(options.Value.FontFamily, SKFontStyle.Bold) ?? SKTypeface.Default;
        var margin = width * 0.08f;
        var block = TextLayout.Fit(layer.Content, typeface, width - 2 * margin, height - 2 * margin,
            startSize: Math.Max(8, Math.Min(width, height) * 0.09f), minSize: 6);

        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.Transparent);
        using var font = new SKFont(typeface, block.FontSize) { Subpixel = true, Edging = SKFontEdging.Antialias };
        using var fill = new SKPaint { Color = Colors.Parse(layer.Color), IsAntialias = true };
        using var shadow = new SKPaint { Color = new SKColor(0, 0, 0, 110), IsAntialias = true, MaskFilter = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, block.FontSize * 0.06f) };

        var top = (height - block.Lines.Count * block.LineHeight) / 2f;
        var offset = Math.Max(1, block.FontSize * 0.05f);
        for (var i = 0; i < block.Lines.Count; i++)
        {
            var baseline = top + i * block.LineHeight + block.Ascent;
            canvas.DrawText(block.Lines[i], width / 2f + offset, baseline + offset, SKTextAlign.Center, font, shadow);
            canvas.DrawText(block.Lines[i], width / 2f, baseline, SKTextAlign.Center, font, fill);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}

public static class Colors
{
    /// <summary>Parses `#RRGGBB` (only that: colours reach FFmpeg, so nothing else may pass).</summary>
    public static SKColor Parse(string hex) =>
        IsHex(hex) ? SKColor.Parse(hex) : throw new FormatException($"'{hex}' is not a #RRGGBB colour.");

    public static bool IsHex(string value) =>
        value.Length == 7 && value[0] == '#' && value.AsSpan(1).ContainsAnyExcept("0123456789abcdefABCDEF") == false;

    /// <summary>The colour as FFmpeg's `0xRRGGBB`.</summary>
    public static string ToFfmpeg(string hex) => IsHex(hex) ? "0x" + hex[1..].ToUpperInvariant() : throw new FormatException($"'{hex}' is not a #RRGGBB colour.");
}
