using Reelforge.Rendering.Motion;
using Reelforge.Rendering.Text;
using Reelforge.Timelines;
using SkiaSharp;

namespace Reelforge.Rendering.Compose;

/// <summary>
/// Paints still parts of a frame with Skia into raw RGBA that FFmpeg reads once: backgrounds that do
/// not move (colour, gradient, a still image) and text and image layers. User text is drawn here,
/// so it never reaches FFmpeg as an argument or a filter expression.
/// </summary>
internal static class FramePainter
{
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
            LayerPainter.Paint(canvas, width, height, layer, Look.Rest);
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
        if (background.Vignette)
        {
            PaintVignette(canvas, w, h);
        }
    }

    /// <summary>Corners darkened by a radial gradient: clear over the middle, ~37% black at the corners.</summary>
    public static void PaintVignette(SKCanvas canvas, int w, int h)
    {
        var radius = (float)Math.Sqrt(w * w + h * h) / 2;
        // Transparent *black*: SKColors.Transparent is transparent white, and the gradient runs
        // between unpremultiplied colours, so it would lighten the edges it should darken.
        using var shader = SKShader.CreateRadialGradient(new SKPoint(w / 2f, h / 2f), radius,
            [new SKColor(0, 0, 0, 0), new SKColor(0, 0, 0, 0), new SKColor(0, 0, 0, 95)], [0, 0.55f, 1], SKShaderTileMode.Clamp);
        using var paint = new SKPaint { Shader = shader };
        canvas.DrawRect(0, 0, w, h, paint);
    }

    /// <summary>A vignette alone, for backgrounds that move (painted once, overlaid on every frame).</summary>
    public static void PaintVignetteOnce(string path, int width, int height)
    {
        if (File.Exists(path))
        {
            return;
        }
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            PaintVignette(canvas, width, height);
        }
        WriteAtomically(path, file => file.Write(bitmap.GetPixelSpan()));
    }

    /// <summary>
    /// Paints one picture per key into one raw RGBA file of <paramref name="box"/>-sized frames that
    /// FFmpeg reads as a stream (its times come from the keys). The canvas is in frame coordinates.
    /// Painted once per window, like <see cref="PaintOnce"/>.
    /// </summary>
    public static void PaintFramesOnce<T>(string path, SKRectI box, IEnumerable<T> keys, Action<SKCanvas, T> paint)
    {
        if (File.Exists(path))
        {
            return;
        }
        WriteAtomically(path, file =>
        {
            using var bitmap = new SKBitmap(new SKImageInfo(box.Width, box.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
            using var canvas = new SKCanvas(bitmap);
            foreach (var key in keys)
            {
                canvas.Clear(SKColors.Transparent);
                canvas.Save();
                canvas.Translate(-box.Left, -box.Top);
                paint(canvas, key);
                canvas.Restore();
                file.Write(bitmap.GetPixelSpan());
            }
        });
    }

    /// <summary>Where a moving layer's frames are cut from the full frame: its box at rest, grown for overshoot and blur, even-edged.</summary>
    public static SKRectI TrackBox(int w, int h, Layer layer, float grow, float blur)
    {
        using var full = Draw(w, h, null, [layer with { Animate = null }]);
        var rest = OpaqueBounds(full) ?? new SKRectI(0, 0, 2, 2);
        var padX = (int)Math.Ceiling(rest.Width * grow / 2 + blur * 3);
        var padY = (int)Math.Ceiling(rest.Height * grow / 2 + blur * 3);
        var left = Math.Max(0, rest.Left - padX) & ~1;
        var top = Math.Max(0, rest.Top - padY) & ~1;
        var right = Math.Min(w, (rest.Right + padX + 1) & ~1);
        var bottom = Math.Min(h, (rest.Bottom + padY + 1) & ~1);
        return new SKRectI(left, top, Math.Max(left + 2, right), Math.Max(top + 2, bottom));
    }

    private static void WriteAtomically(string path, Action<FileStream> write)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var file = File.Create(temp))
        {
            write(file);
        }
        File.Move(temp, path, overwrite: true);
    }
}
