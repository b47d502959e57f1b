using Reelforge.Rendering.Text;
using Reelforge.Timelines;
using SkiaSharp;

namespace Reelforge.Rendering.Compose;

/// <summary>
/// One picture of the captions: which group is on screen, which of its words is being spoken
/// (-1: none), and that word's emphasis: how much of it is filled (karaoke), how big it is (pop,
/// word), and how far the box has moved to it from the previous word (boxed).
/// </summary>
internal readonly record struct CaptionLook(int Group, int Word, float Fill, float Grow, int From, float Move)
{
    public static readonly CaptionLook Hidden = new(-1, -1, 0, 1, -1, 1);
}

/// <summary>
/// Burned-in captions as a few pictures switched in time: one per group, or a few per spoken word
/// where the emphasis moves, all painted into one fixed box in the safe area. One overlay per scene,
/// however many words it has.
/// </summary>
internal static class CaptionTracks
{
    /// <summary>Pictures a word's karaoke fill is cut into at most (a fill changes every frame or so).</summary>
    private const int FillSteps = 8;

    public static string Overlay(FilterGraph graph, string under, string stem, int w, int h, int fps, double sceneSeconds, Layer layer, SceneTiming timing)
    {
        var style = layer.Captions ?? new Captions();
        var words = layer.Words!.Select(x => x with { Text = style.Uppercase ? x.Text.ToUpperInvariant() : x.Text }).ToList();
        var groups = style.Timed(words, Math.Min(layer.End ?? sceneSeconds, sceneSeconds));
        var keys = LayerTracks.Window(Keys(style, words, groups, fps), timing.WindowStart, timing.WindowStart + timing.WindowSeconds);
        if (keys.Count == 0 || keys.All(k => k.Look.Group < 0))
        {
            return under;
        }
        var painter = new CaptionPainter(w, h, style, words, groups.Select(g => g.Words).ToList());
        var path = stem + ".rgba";
        FramePainter.PaintFramesOnce(path, painter.Box, keys, (canvas, key) => painter.Paint(canvas, key.Look));
        return LayerTracks.OverlayFrames(graph, under, path, painter.Box, keys.Select(k => k.Time).ToList(), fps, timing.WindowStart);
    }

    /// <summary>Every change of picture, in scene seconds (frame-aligned, in order, each different from the one before).</summary>
    internal static List<(double Time, CaptionLook Look)> Keys(Captions style, IReadOnlyList<CaptionWord> words, IReadOnlyList<CaptionGroup> groups, int fps)
    {
        var keys = new List<(double Time, CaptionLook Look)>();
        void Add(double t, CaptionLook look)
        {
            t = Motion.LayerTrack.Frame(t, fps);
            if (keys.Count > 0 && keys[^1].Time >= t - 1e-9)
            {
                // Two changes in one frame: the later one is what the frame shows.
                keys[^1] = (keys[^1].Time, look);
                return;
            }
            if (keys.Count == 0 || keys[^1].Look != look)
            {
                keys.Add((t, look));
            }
        }

        for (var g = 0; g < groups.Count; g++)
        {
            var (range, start, end) = groups[g];
            var (first, last) = (range.Start.Value, range.End.Value - 1);
            if (style.Mode is "highlight" or "groups" or "plain")
            {
                Add(start, new CaptionLook(g, -1, 0, 1, -1, 1));
            }
            else
            {
                for (var k = first; k <= last; k++)
                {
                    var from = Math.Max(start, words[k].Start);
                    switch (style.Mode)
                    {
                        case "karaoke":
                            var spoken = Math.Max(1.0 / fps, words[k].End - from);
                            var steps = Math.Clamp((int)Math.Round(spoken * fps), 1, FillSteps);
                            for (var i = 0; i < steps; i++)
                            {
                                Add(from + spoken * i / steps, new CaptionLook(g, k, (float)(i + 1) / steps, 1, -1, 1));
                            }
                            break;
                        case "boxed":
                            // The box glides from the word before over three frames.
                            var previous = k > first ? k - 1 : -1;
                            for (var i = 0; i < 3; i++)
                            {
                                Add(from + (double)i / fps, new CaptionLook(g, k, 1, 1, previous, previous < 0 ? 1 : (i + 1) / 3f));
                            }
                            break;
                        default: // pop and word: the word jumps up past its size and settles.
                            float[] grows = style.Mode == "word" ? [0.8f, 1.08f, 1] : [1.08f, 1.2f, 1.15f];
                            for (var i = 0; i < grows.Length; i++)
                            {
                                Add(from + (double)i / fps, new CaptionLook(g, k, 1, grows[i], -1, 1));
                            }
                            break;
                    }
                }
            }
            var next = g + 1 < groups.Count ? groups[g + 1].Start : double.MaxValue;
            if (end < next - 1e-9)
            {
                Add(end, CaptionLook.Hidden);
            }
        }
        return keys;
    }
}

/// <summary>Paints caption pictures: the group's words laid out in at most two lines, centred, with the mode's emphasis.</summary>
internal sealed class CaptionPainter
{
    private const string DefaultFont = "DejaVu Sans";
    private readonly int _w, _h;
    private readonly Captions _style;
    private readonly IReadOnlyList<CaptionWord> _words;
    private readonly IReadOnlyList<Range> _groups;
    private readonly SKTypeface _typeface;
    private readonly float _size;
    private readonly SKRect _safe;

    public CaptionPainter(int w, int h, Captions style, IReadOnlyList<CaptionWord> words, IReadOnlyList<Range> groups)
    {
        (_w, _h, _style, _words, _groups) = (w, h, style, words, groups);
        _typeface = Typefaces.Get(style.Font ?? DefaultFont, SKFontStyle.Bold);
        var shorter = Math.Min(w, h);
        _size = (float)style.Size * shorter * (style.Mode == "word" ? 1.8f : 1);
        // The safe area: 5% all round; on a vertical frame the apps draw their buttons over the
        // bottom fifth and the right 15%, so captions keep clear of both.
        var portrait = h > w;
        _safe = new SKRect(w * 0.05f, h * 0.05f, w * (portrait ? 0.85f : 0.95f), h * (portrait ? 0.8f : 0.95f));
        Box = ComputeBox();
    }

    /// <summary>Where every caption picture is cut from the frame: the safe width, two lines (plus room to grow) high.</summary>
    public SKRectI Box { get; }

    private SKRectI ComputeBox()
    {
        using var font = new FontRuns(_typeface, SKFontStyle.Bold, _size);
        var height = font.Primary.Spacing * (_style.Mode == "word" ? 1 : 2) * 1.35f + _size * 0.8f;
        var offset = (float)_style.Offset * _h;
        var top = _style.Where switch
        {
            "top" => _safe.Top + offset,
            "center" => (_h - height) / 2 + offset,
            _ => _safe.Bottom - height - offset,
        };
        top = Math.Clamp(top, 0, _h - height);
        var left = (int)_safe.Left & ~1;
        var right = Math.Min(_w, ((int)Math.Ceiling(_safe.Right) + 1) & ~1);
        var y = (int)top & ~1;
        var bottom = Math.Min(_h, ((int)Math.Ceiling(top + height) + 1) & ~1);
        return new SKRectI(left, y, right, bottom);
    }

    public void Paint(SKCanvas canvas, CaptionLook look)
    {
        if (look.Group < 0)
        {
            return;
        }
        // In highlight mode a line holds two groups and lights the one being spoken.
        var shown = _style.Mode == "highlight" ? _groups[look.Group / 2 * 2].Start.Value..(look.Group / 2 * 2 + 1 < _groups.Count ? _groups[look.Group / 2 * 2 + 1] : _groups[look.Group]).End.Value : _groups[look.Group];
        var lit = _groups[look.Group];
        var indexes = Enumerable.Range(shown.Start.Value, shown.End.Value - shown.Start.Value).ToList();

        var size = _size;
        FontRuns font;
        List<List<int>> lines;
        while (true)
        {
            font = new FontRuns(_typeface, SKFontStyle.Bold, size);
            lines = Wrap(indexes, font, _safe.Width);
            if (lines.Count <= (_style.Mode == "word" ? 1 : 2) || size < _size * 0.5f)
            {
                break;
            }
            font.Dispose();
            size *= 0.9f;
        }
        using var _ = font;
        var space = font.Measure(" ");
        var lineHeight = font.Primary.Spacing;
        var ascent = -font.Primary.Metrics.Ascent;
        var blockHeight = lines.Count * lineHeight;
        var top = Box.Top + (Box.Height - blockHeight) / 2f;
        if (_style.Where == "bottom")
        {
            top = Box.Bottom - blockHeight - size * 0.3f;
        }
        else if (_style.Where == "top")
        {
            top = Box.Top + size * 0.3f;
        }

        // Where each shown word sits. Popping words grow into room kept beside every word.
        var room = _style.Mode == "pop" ? 0.16f : 0;
        var places = new Dictionary<int, SKRect>();
        for (var l = 0; l < lines.Count; l++)
        {
            var widths = lines[l].Select(i => font.Measure(_words[i].Text)).ToList();
            // No space inside Chinese or Japanese text, whose pieces are words here (WideText).
            var gaps = lines[l].Select((i, k) => k + 1 < lines[l].Count ? Gap(i, lines[l][k + 1], space) : 0).ToList();
            var lineWidth = widths.Sum(x => x * (1 + room)) + gaps.Sum();
            var x = Box.Left + (Box.Width - lineWidth) / 2f;
            for (var k = 0; k < lines[l].Count; k++)
            {
                places[lines[l][k]] = SKRect.Create(x + widths[k] * room / 2, top + l * lineHeight, widths[k], lineHeight);
                x += widths[k] * (1 + room) + gaps[k];
            }
        }

        var baseColor = Colors.Parse(_style.Color ?? "#FFFFFF");
        var accent = Colors.Parse(_style.Highlight ?? Captions.DefaultHighlight);
        if (_style.ShowsBox)
        {
            var pad = size * 0.3f;
            var union = places.Values.Aggregate(SKRect.Union);
            // Dark words sit on a light box, light words on a dark one.
            using var boxPaint = new SKPaint { Color = Luma(baseColor) < 0.5 ? new SKColor(255, 255, 255, 200) : new SKColor(0, 0, 0, 150), IsAntialias = true };
            canvas.DrawRoundRect(SKRect.Inflate(union, pad, pad * 0.4f), pad, pad, boxPaint);
        }
        if (_style.Mode == "boxed" && look.Word >= 0 && places.TryGetValue(look.Word, out var target))
        {
            var rect = look.From >= 0 && places.TryGetValue(look.From, out var before) ? Lerp(before, target, look.Move) : target;
            var pad = size * 0.18f;
            using var marker = new SKPaint { Color = accent, IsAntialias = true };
            canvas.DrawRoundRect(SKRect.Inflate(rect, pad, -size * 0.02f), pad, pad, marker);
        }

        using var stroke = new SKPaint { Color = SKColors.Black, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = size * 0.14f, StrokeJoin = SKStrokeJoin.Round };
        using var shadow = new SKPaint { Color = new SKColor(0, 0, 0, 140), IsAntialias = true, MaskFilter = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, size * 0.08f) };
        foreach (var (i, place) in places)
        {
            var baseline = place.Top + ascent;
            var spoken = i == look.Word;
            canvas.Save();
            var grow = spoken ? look.Grow : 1;
            if (Math.Abs(grow - 1) > 1e-3)
            {
                canvas.Scale(grow, grow, place.MidX, place.MidY);
            }
            if (_style.Shadow)
            {
                font.Draw(canvas, _words[i].Text, place.Left + size * 0.05f, baseline + size * 0.07f, shadow);
            }
            if (_style.Outline != false && !(spoken && _style.Mode == "boxed"))
            {
                font.Draw(canvas, _words[i].Text, place.Left, baseline, stroke);
            }
            using var fill = new SKPaint { Color = ColorOf(i, look, lit, baseColor, accent), IsAntialias = true };
            font.Draw(canvas, _words[i].Text, place.Left, baseline, fill);
            if (_style.Mode == "karaoke" && spoken && look.Fill < 1)
            {
                // The spoken word fills with the accent from the left as it is said.
                canvas.ClipRect(SKRect.Create(place.Left, place.Top - size, place.Width * look.Fill, place.Height + 2 * size));
                using var filled = new SKPaint { Color = accent, IsAntialias = true };
                font.Draw(canvas, _words[i].Text, place.Left, baseline, filled);
            }
            canvas.Restore();
        }
    }

    private SKColor ColorOf(int i, CaptionLook look, Range lit, SKColor baseColor, SKColor accent) => _style.Mode switch
    {
        "highlight" => i >= lit.Start.Value && i < lit.End.Value ? accent : baseColor,
        "groups" or "word" => accent,
        "karaoke" => i < look.Word || i == look.Word && look.Fill >= 1 ? accent : baseColor,
        "pop" => i == look.Word ? accent : baseColor,
        // On the accent box the spoken word is dark or light, whichever reads.
        "boxed" => i == look.Word ? (Luma(accent) > 0.6 ? new SKColor(0x11, 0x11, 0x11) : SKColors.White) : baseColor,
        _ => baseColor,
    };

    private static double Luma(SKColor c) => (0.2126 * c.Red + 0.7152 * c.Green + 0.0722 * c.Blue) / 255;

    private static SKRect Lerp(SKRect a, SKRect b, float t) => new(
        a.Left + (b.Left - a.Left) * t, a.Top + (b.Top - a.Top) * t, a.Right + (b.Right - a.Right) * t, a.Bottom + (b.Bottom - a.Bottom) * t);

    private List<List<int>> Wrap(List<int> indexes, FontRuns font, float maxWidth)
    {
        var lines = new List<List<int>> { new() };
        var width = 0f;
        var space = font.Measure(" ");
        foreach (var i in indexes)
        {
            var word = font.Measure(_words[i].Text) * 1.1f;
            var gap = lines[^1].Count > 0 ? Gap(lines[^1][^1], i, space) : 0;
            if (lines[^1].Count > 0 && width + gap + word > maxWidth)
            {
                lines.Add([]);
                width = 0;
                gap = 0;
            }
            width += gap + word;
            lines[^1].Add(i);
        }
        return lines;
    }

    private float Gap(int before, int after, float space) => WideText.Gap(_words[before].Text, _words[after].Text).Length == 0 ? 0 : space;
}
