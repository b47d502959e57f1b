using Reelforge.Rendering.Text;
using Reelforge.Timelines;
using SkiaSharp;

namespace Reelforge.Rendering.Compose;

/// <summary>
/// Paints still parts of a frame with Skia into raw RGBA that FFmpeg reads once: backgrounds that do
/// not move (colour, gradient, a still image) and text and image layers. User text is drawn here,
/// so it never reaches FFmpeg as an argument or a filter expression.
/// </summary>
public static class FramePainter
{
    /// <summary>Safe-area margin, as a fraction of each side.</summary>
    private const float Margin = 0.05f;

    /// <summary>
    /// Paints into <paramref name="path"/> as raw RGBA (read by FFmpeg as `rawvideo`: no compression
    /// either way). Painted once: a file already there is the same picture, since a job's timeline
    /// never changes once planned. Written under a temp name and moved, so that a scene painted by
    /// two clips at once (its own, and the previous scene's transition) is never read half-written.
    /// </summary>
    public static void PaintOnce(string path, int width, int height, Background? background, IEnumerable<Layer> layers)
    {
        if (File.Exists(path))
        {
            return;
        }
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var bitmap = Draw(width, height, background, layers))
        using (var file = File.Create(temp))
        {
            file.Write(bitmap.GetPixelSpan());
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Paints layers and keeps only the rectangle they cover (even-sized, for chroma), so FFmpeg
    /// blends that box each frame rather than the whole frame. Null when nothing is visible.
    /// Painted once, like <see cref="PaintOnce"/>; the box is kept in a sidecar file.
    /// </summary>
    public static SKRectI? PaintLayersOnce(string path, int width, int height, IEnumerable<Layer> layers)
    {
        var sidecar = path + ".box";
        if (File.Exists(sidecar))
        {
            var parts = File.ReadAllText(sidecar).Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            return parts.Length == 4 ? new SKRectI(parts[0], parts[1], parts[2], parts[3]) : null;
        }
        using var full = Draw(width, height, null, layers);
        var box = OpaqueBounds(full);
        if (box is { } b)
        {
            var temp = $"{path}.{Guid.NewGuid():N}.tmp";
            using (var file = File.Create(temp))
            {
                var pixels = full.GetPixelSpan();
                for (var y = b.Top; y < b.Bottom; y++)
                {
                    file.Write(pixels.Slice(y * full.RowBytes + b.Left * 4, b.Width * 4));
                }
            }
            File.Move(temp, path, overwrite: true);
        }
        // The sidecar is written last: its presence means the picture is complete.
        var sideTemp = $"{sidecar}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(sideTemp, box is { } r ? FormattableString.Invariant($"{r.Left},{r.Top},{r.Right},{r.Bottom}") : "");
        File.Move(sideTemp, sidecar, overwrite: true);
        return box;
    }

    private static SKRectI? OpaqueBounds(SKBitmap bitmap)
    {
        var pixels = bitmap.GetPixelSpan();
        int w = bitmap.Width, h = bitmap.Height, left = w, top = h, right = -1, bottom = -1;
        for (var y = 0; y < h; y++)
        {
            var row = pixels.Slice(y * bitmap.RowBytes, w * 4);
            for (var x = 0; x < w; x++)
            {
                if (row[x * 4 + 3] != 0)
                {
                    (left, right) = (Math.Min(left, x), Math.Max(right, x));
                    (top, bottom) = (Math.Min(top, y), Math.Max(bottom, y));
                }
            }
        }
        if (right < 0)
        {
            return null;
        }
        // Even edges: yuv420p halves chroma, so odd offsets or sizes would shift colours by a pixel.
        left &= ~1;
        top &= ~1;
        right = Math.Min(w, (right + 2) & ~1);
        bottom = Math.Min(h, (bottom + 2) & ~1);
        return new SKRectI(left, top, right, bottom);
    }

    /// <summary>
    /// The FFmpeg input options that read a file written by <see cref="PaintOnce"/>. The frame rate
    /// sets the time base: at 1 fps the repeated frames' timestamps would round together and drop.
    /// </summary>
    public static string[] RawInput(int width, int height, int fps) =>
        ["-f", "rawvideo", "-pixel_format", "rgba", "-video_size", $"{width}x{height}", "-framerate", fps.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    private static SKBitmap Draw(int width, int height, Background? background, IEnumerable<Layer> layers)
    {
        // Unpremultiplied: FFmpeg's rgba is straight alpha.
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.Transparent);
        if (background is not null)
        {
            PaintBackground(canvas, width, height, background);
        }
        foreach (var layer in layers)
        {
            if (layer.Type == "text")
            {
                PaintText(canvas, width, height, layer);
            }
            else
            {
                PaintImage(canvas, width, height, layer);
            }
        }
        return bitmap;
    }

    private static void PaintBackground(SKCanvas canvas, int w, int h, Background background)
    {
        canvas.Clear(Colors.Parse(background.Color));
        if (background.Gradient is { } g)
        {
            var radians = g.Angle * Math.PI / 180;
            var (dx, dy) = ((float)Math.Cos(radians), (float)Math.Sin(radians));
            var half = (Math.Abs(dx) * w + Math.Abs(dy) * h) / 2;
            var (cx, cy) = (w / 2f, h / 2f);
            using var shader = SKShader.CreateLinearGradient(new SKPoint(cx - dx * half, cy - dy * half), new SKPoint(cx + dx * half, cy + dy * half),
                [Colors.Parse(g.From), Colors.Parse(g.To)], SKShaderTileMode.Clamp);
            using var paint = new SKPaint { Shader = shader };
            canvas.DrawRect(0, 0, w, h, paint);
        }
        if (background.Image is { } image)
        {
            using var bitmap = SKBitmap.Decode(image.Src) ?? throw new InvalidDataException("The background image cannot be decoded.");
            var scale = image.Fit == "contain"
                ? Math.Min((float)w / bitmap.Width, (float)h / bitmap.Height)
                : Math.Max((float)w / bitmap.Width, (float)h / bitmap.Height);
            var (iw, ih) = (bitmap.Width * scale, bitmap.Height * scale);
            using var paint = new SKPaint { IsAntialias = true };
            canvas.DrawImage(SKImage.FromBitmap(bitmap), SKRect.Create((w - iw) / 2, (h - ih) / 2, iw, ih), new SKSamplingOptions(SKCubicResampler.Mitchell), paint);
        }
    }

    private static void PaintText(SKCanvas canvas, int w, int h, Layer layer)
    {
        var style = layer.Style == "body" ? SKFontStyle.Normal : SKFontStyle.Bold;
        using var typeface = SKTypeface.FromFamilyName(layer.Font, style) ?? SKTypeface.Default;
        var maxWidth = (float)(layer.MaxWidth ?? 0.84) * w;
        var block = TextLayout.Fit(layer.Text!, typeface, style, maxWidth, h * (1 - 2 * Margin), startSize: (float)(layer.Size ?? 0.09) * h, minSize: Math.Max(6, h * 0.015f));
        using var font = new FontRuns(typeface, style, block.FontSize);
        var widths = block.Lines.Select(font.Measure).ToArray();
        var blockWidth = widths.Max();
        var blockHeight = block.Lines.Count * block.LineHeight;
        var (x, y) = Place(layer, w, h, blockWidth, blockHeight);

        if (layer.Box is { } box)
        {
            var pad = (float)box.Padding * h;
            using var boxPaint = new SKPaint { Color = Colors.Parse(box.Color).WithAlpha((byte)(box.Opacity * 255)), IsAntialias = true };
            canvas.DrawRoundRect(SKRect.Create(x - pad, y - pad, blockWidth + 2 * pad, blockHeight + 2 * pad), pad / 2, pad / 2, boxPaint);
        }
        using var fill = new SKPaint { Color = Colors.Parse(layer.Color!), IsAntialias = true };
        using var shadow = new SKPaint { Color = new SKColor(0, 0, 0, 120), IsAntialias = true, MaskFilter = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, block.FontSize * 0.06f) };
        using var stroke = layer.Outline is { } o
            ? new SKPaint { Color = Colors.Parse(o.Color), IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = (float)o.Width * h, StrokeJoin = SKStrokeJoin.Round }
            : null;
        using var highlight = layer.Highlight is null ? null : new SKPaint { Color = Colors.Parse(layer.HighlightColor ?? "#FFD60A"), IsAntialias = true };
        var wordIndex = 0;
        var shadowOffset = Math.Max(1, block.FontSize * 0.05f);
        for (var i = 0; i < block.Lines.Count; i++)
        {
            var lineX = layer.Align switch
            {
                "left" => x,
                "right" => x + blockWidth - widths[i],
                _ => x + (blockWidth - widths[i]) / 2,
            };
            var baseline = y + i * block.LineHeight + block.Ascent;
            if (layer.Shadow == true)
            {
                font.Draw(canvas, block.Lines[i], lineX + shadowOffset, baseline + shadowOffset, shadow);
            }
            if (stroke is not null)
            {
                font.Draw(canvas, block.Lines[i], lineX, baseline, stroke);
            }
            if (layer.Highlight is { } range)
            {
                wordIndex = DrawWords(canvas, block.Lines[i], lineX, baseline, font, fill, highlight!, range, wordIndex);
            }
            else
            {
                font.Draw(canvas, block.Lines[i], lineX, baseline, fill);
            }
        }
    }

    /// <summary>Draws a line word by word, the words in <paramref name="range"/> in the highlight colour.</summary>
    private static int DrawWords(SKCanvas canvas, string line, float x, float baseline, FontRuns font, SKPaint fill, SKPaint highlight, WordRange range, int wordIndex)
    {
        var at = 0;
        foreach (var word in line.Split(' '))
        {
            var paint = wordIndex >= range.First && wordIndex <= range.Last ? highlight : fill;
            font.Draw(canvas, word, x + font.Measure(line[..at]), baseline, paint);
            at += word.Length + 1;
            wordIndex++;
        }
        return wordIndex;
    }

    private static void PaintImage(SKCanvas canvas, int w, int h, Layer layer)
    {
        using var bitmap = SKBitmap.Decode(layer.Src!) ?? throw new InvalidDataException("An image layer cannot be decoded.");
        var iw = (float)(layer.Scale ?? 0.15) * w;
        var ih = iw * bitmap.Height / bitmap.Width;
        var (x, y) = Place(layer, w, h, iw, ih);
        using var paint = new SKPaint { IsAntialias = true, Color = SKColors.White.WithAlpha((byte)((layer.Opacity ?? 1) * 255)) };
        canvas.DrawImage(SKImage.FromBitmap(bitmap), SKRect.Create(x, y, iw, ih), new SKSamplingOptions(SKCubicResampler.Mitchell), paint);
    }

    /// <summary>Top-left corner of a block placed at its anchor in the safe area, then offset.</summary>
    private static (float X, float Y) Place(Layer layer, int w, int h, float bw, float bh)
    {
        var anchor = layer.Anchor ?? "center";
        var (mx, my) = (w * Margin, h * Margin);
        var x = anchor.Contains("left", StringComparison.Ordinal) ? mx : anchor.Contains("right", StringComparison.Ordinal) ? w - mx - bw : (w - bw) / 2;
        var y = anchor.StartsWith("top", StringComparison.Ordinal) ? my : anchor.StartsWith("bottom", StringComparison.Ordinal) ? h - my - bh : (h - bh) / 2;
        return (x + (float)(layer.X ?? 0) * w, y + (float)(layer.Y ?? 0) * h);
    }
}
