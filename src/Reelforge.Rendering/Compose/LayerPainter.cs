using Reelforge.Rendering.Motion;
using Reelforge.Rendering.Text;
using Reelforge.Timelines;
using SkiaSharp;

namespace Reelforge.Rendering.Compose;

/// <summary>
/// Draws one layer with Skia: text (user text never reaches FFmpeg), images, shapes and emoji icons,
/// at its place in the safe area, in a given <see cref="Look"/> (opacity, scale about its centre,
/// blur, a wipe from the left, or only its first few characters, words or lines).
/// </summary>
internal static class LayerPainter
{
    /// <summary>Safe-area margin, as a fraction of each side.</summary>
    public const float Margin = 0.05f;

    public static void Paint(SKCanvas canvas, int w, int h, Layer layer, Look look)
    {
        if (look.Alpha <= 0)
        {
            return;
        }
        var opacity = look.Alpha * (float)(layer.Opacity ?? 1);
        var bounds = Bounds(w, h, layer);
        using var paint = new SKPaint { Color = SKColors.White.WithAlpha((byte)Math.Round(opacity * 255)) };
        if (look.Blur > 0.3f)
        {
            paint.ImageFilter = SKImageFilter.CreateBlur(look.Blur, look.Blur);
        }
        canvas.Save();
        if (look.Wipe < 1)
        {
            canvas.ClipRect(SKRect.Create(bounds.Left, 0, bounds.Width * look.Wipe, h));
        }
        canvas.SaveLayer(paint);
        if (Math.Abs(look.Scale - 1) > 1e-4)
        {
            canvas.Scale(look.Scale, look.Scale, bounds.MidX, bounds.MidY);
        }
        switch (layer.Type)
        {
            case "text": PaintText(canvas, w, h, layer, look.Shown); break;
            case "image": PaintImage(canvas, w, h, layer); break;
            case "shape": PaintShape(canvas, w, h, layer); break;
            case "icon": PaintIcon(canvas, w, h, layer); break;
        }
        canvas.Restore();
        canvas.Restore();
    }

    /// <summary>How many pieces a reveal shows one by one: characters (typewriter), words or lines.</summary>
    public static int Units(int w, int h, Layer layer, string reveal)
    {
        if (layer.Type != "text")
        {
            return 1;
        }
        var block = Layout(w, h, layer, out _);
        return reveal switch
        {
            "lines" => block.Lines.Count,
            "words" => block.Lines.Sum(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length),
            _ => block.Lines.Sum(l => l.Replace(" ", "", StringComparison.Ordinal).Length),
        };
    }

    /// <summary>The layer's box at rest, unscaled: what scaling is centred on and wipes sweep across.</summary>
    public static SKRect Bounds(int w, int h, Layer layer)
    {
        switch (layer.Type)
        {
            case "text":
            {
                var block = Layout(w, h, layer, out var typeface);
                using (var font = new FontRuns(typeface, StyleOf(layer), block.FontSize))
                {
                    var width = block.Lines.Max(font.Measure);
                    var height = block.Lines.Count * block.LineHeight;
                    var (x, y) = Place(layer, w, h, width, height);
                    return SKRect.Create(x, y, width, height);
                }
            }
            case "image":
            {
                using var codec = SKCodec.Create(layer.Src!);
                var iw = (float)(layer.Scale ?? 0.15) * w;
                var ih = codec is null ? iw : iw * codec.Info.Height / codec.Info.Width;
                var (x, y) = Place(layer, w, h, iw, ih);
                return SKRect.Create(x, y, iw, ih);
            }
            case "shape":
            {
                var (sw, sh) = ShapeSize(w, h, layer);
                var (x, y) = layer.Shape == "progress" ? (0f, EdgeY(layer, h, sh)) : Place(layer, w, h, sw, sh);
                return SKRect.Create(x, y, sw, sh);
            }
            default:
            {
                var size = (float)(layer.Size ?? 0.25) * Math.Min(w, h);
                var (x, y) = Place(layer, w, h, size, size);
                return SKRect.Create(x, y, size, size);
            }
        }
    }

    private static SKFontStyle StyleOf(Layer layer) => layer.Style == "body" ? SKFontStyle.Normal : SKFontStyle.Bold;

    /// <summary>
    /// Layouts by layer instance: a moving layer is painted in many looks, and each look asks for its
    /// bounds and its text, so the same layout was computed twice a frame.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Layer, Tuple<int, int, TextLayout.Block>> Layouts = new();

    private static TextLayout.Block Layout(int w, int h, Layer layer, out SKTypeface typeface)
    {
        var style = StyleOf(layer);
        typeface = Typefaces.Get(layer.Font, style);
        if (Layouts.TryGetValue(layer, out var known) && known.Item1 == w && known.Item2 == h)
        {
            return known.Item3;
        }
        var block = Fit(w, h, layer, typeface, style);
        Layouts.AddOrUpdate(layer, Tuple.Create(w, h, block));
        return block;
    }

    private static TextLayout.Block Fit(int w, int h, Layer layer, SKTypeface typeface, SKFontStyle style)
    {
        var maxWidth = (float)(layer.MaxWidth ?? 0.84) * w;
        // Type scales with the frame's shorter side, so 16:9, 9:16 and 1:1 read alike.
        var maxHeight = Math.Min((float)(layer.MaxHeight ?? 1), 1 - 2 * Margin) * h;
        return TextLayout.Fit(layer.Text!, typeface, style, maxWidth, maxHeight, startSize: (float)(layer.Size ?? 0.09) * Math.Min(w, h), minSize: Math.Max(6, h * 0.015f));
    }

    private static void PaintText(SKCanvas canvas, int w, int h, Layer layer, int shown)
    {
        var style = StyleOf(layer);
        var block = Layout(w, h, layer, out var typeface);
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
        var reveal = layer.Animate?.In?.Type is "typewriter" or "words" or "lines" ? layer.Animate.In.Type : layer.Animate?.Out?.Type;
        var budget = shown;
        var wordIndex = 0;
        var shadowOffset = Math.Max(1, block.FontSize * 0.05f);
        for (var i = 0; i < block.Lines.Count; i++)
        {
            var line = Visible(block.Lines[i], reveal, ref budget);
            if (line.Length == 0)
            {
                break;
            }
            var lineX = layer.Align switch
            {
                "left" => x,
                "right" => x + blockWidth - widths[i],
                _ => x + (blockWidth - widths[i]) / 2,
            };
            var baseline = y + i * block.LineHeight + block.Ascent;
            if (layer.Shadow == true)
            {
                font.Draw(canvas, line, lineX + shadowOffset, baseline + shadowOffset, shadow);
            }
            if (stroke is not null)
            {
                font.Draw(canvas, line, lineX, baseline, stroke);
            }
            if (layer.Highlight is { } range)
            {
                wordIndex = DrawWords(canvas, line, lineX, baseline, font, fill, highlight!, range, wordIndex);
            }
            else
            {
                font.Draw(canvas, line, lineX, baseline, fill);
            }
        }
    }

    /// <summary>
    /// The part of a line a reveal shows, spending <paramref name="budget"/> (units left; -1: all).
    /// The layout is the whole text's, so revealed words never move.
    /// </summary>
    private static string Visible(string line, string? reveal, ref int budget)
    {
        if (budget < 0)
        {
            return line;
        }
        if (budget == 0)
        {
            return "";
        }
        switch (reveal)
        {
            case "lines":
                budget--;
                return line;
            case "words":
            {
                var words = line.Split(' ');
                var take = Math.Min(budget, words.Length);
                budget -= take;
                return string.Join(' ', words.Take(take));
            }
            default:
            {
                // Characters, spaces free: a typewriter does not pause on them.
                var end = 0;
                while (end < line.Length && budget > 0)
                {
                    if (line[end] != ' ')
                    {
                        budget--;
                    }
                    end += char.IsHighSurrogate(line[end]) && end + 1 < line.Length ? 2 : 1;
                }
                return line[..end];
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
        using var image = SKImage.FromBitmap(bitmap);
        using var paint = new SKPaint { IsAntialias = true };
        var bounds = Bounds(w, h, layer);
        if (layer.Radius is > 0 and var radius)
        {
            // Rounded corners; half the smaller side or more makes a circle (an avatar).
            var r = Math.Min((float)radius * h, Math.Min(bounds.Width, bounds.Height) / 2);
            canvas.ClipRoundRect(new SKRoundRect(bounds, r, r), antialias: true);
        }
        canvas.DrawImage(image, bounds, new SKSamplingOptions(SKCubicResampler.Mitchell), paint);
    }

    private static (float Width, float Height) ShapeSize(int w, int h, Layer layer)
    {
        var width = (float)(layer.Width ?? 0.3) * w;
        return layer.Shape == "circle" ? (width, width) : (width, Math.Max(1, (float)(layer.Height ?? 0.1) * h));
    }

    private static void PaintShape(SKCanvas canvas, int w, int h, Layer layer)
    {
        var box = Bounds(w, h, layer);
        var stroke = layer.Stroke is { } s ? (float)s.Width * h : 0;
        // The stroke is drawn inside the box, so the shape keeps the size it was given.
        var inner = SKRect.Inflate(box, -stroke / 2, -stroke / 2);
        var radius = (float)(layer.Radius ?? 0) * h;
        void Draw(SKPaint paint)
        {
            switch (layer.Shape)
            {
                case "circle": canvas.DrawOval(inner, paint); break;
                case "line": canvas.DrawRoundRect(inner, inner.Height / 2, inner.Height / 2, paint); break;
                default: canvas.DrawRoundRect(inner, radius, radius, paint); break;
            }
        }
        if (layer.Fill is { } fill)
        {
            using var paint = new SKPaint { Color = Colors.Parse(fill), IsAntialias = true };
            Draw(paint);
        }
        if (layer.Stroke is { } outline)
        {
            using var paint = new SKPaint { Color = Colors.Parse(outline.Color), IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = stroke };
            Draw(paint);
        }
    }

    private static void PaintIcon(SKCanvas canvas, int w, int h, Layer layer)
    {
        var box = Bounds(w, h, layer);
        using var font = new FontRuns(SKTypeface.Default, SKFontStyle.Normal, box.Height * 0.8f);
        var width = font.Measure(layer.Icon!);
        using var paint = new SKPaint { IsAntialias = true };
        var metrics = font.Primary.Metrics;
        font.Draw(canvas, layer.Icon!, box.MidX - width / 2, box.MidY - (metrics.Ascent + metrics.Descent) / 2, paint);
    }

    /// <summary>A progress bar sits on the frame's very edge (top or bottom), not in the safe area.</summary>
    private static float EdgeY(Layer layer, int h, float height) =>
        (layer.Anchor ?? "bottom").StartsWith("top", StringComparison.Ordinal) ? (float)(layer.Y ?? 0) * h : h - height + (float)(layer.Y ?? 0) * h;

    /// <summary>Top-left corner of a block placed at its anchor in the safe area, then offset.</summary>
    public static (float X, float Y) Place(Layer layer, int w, int h, float bw, float bh)
    {
        var anchor = layer.Anchor ?? "center";
        var (mx, my) = (w * Margin, h * Margin);
        var x = anchor.Contains("left", StringComparison.Ordinal) ? mx : anchor.Contains("right", StringComparison.Ordinal) ? w - mx - bw : (w - bw) / 2;
        var y = anchor.StartsWith("top", StringComparison.Ordinal) ? my : anchor.StartsWith("bottom", StringComparison.Ordinal) ? h - my - bh : (h - bh) / 2;
        return (x + (float)(layer.X ?? 0) * w, y + (float)(layer.Y ?? 0) * h);
    }
}
