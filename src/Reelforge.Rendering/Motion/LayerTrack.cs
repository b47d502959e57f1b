using static Reelforge.Rendering.Compose.FilterGraph;
using Reelforge.Timelines;

namespace Reelforge.Rendering.Motion;

/// <summary>How a layer looks at one instant: what Skia paints. <see cref="Shown"/> counts revealed text units (-1: all).</summary>
internal readonly record struct Look(float Alpha, float Scale, float Blur, int Shown, float Wipe)
{
    public static readonly Look Rest = new(1, 1, 0, -1, 1);
    public static readonly Look Hidden = Rest with { Alpha = 0 };
}

/// <summary>
/// A moving layer, planned: the looks to paint, each shown from its time (seconds into the scene)
/// until the next, and the offsets overlay adds to its position, as FFmpeg expressions of the
/// scene's time <c>T</c>. Opacity, scale, blur, wipes and reveals are painted (a few frames each,
/// only while they change); slides, bounces, drift and progress bars are positions (free).
/// </summary>
internal sealed record LayerTrack(IReadOnlyList<(double Time, Look Look)> Keys, string? X, string? Y)
{
    /// <summary>Slides travel this share of the frame's shorter side.</summary>
    private const double SlideDistance = 0.08;

    /// <summary>Paint margin, as a share of the layer's size, for looks bigger than the layer at rest (pop overshoots ~10%).</summary>
    public float Grow => Keys.Max(k => k.Look.Scale) > 1 ? 0.12f : 0;

    public float MaxBlur => Keys.Max(k => k.Look.Blur);

    /// <summary>Whether the layer needs planning at all (else it is painted into the scene's still).</summary>
    public static bool Moves(Layer layer) =>
        layer.Type == "captions" || layer.Start is not null || layer.End is not null || layer.Animate is { } a && (a.Float || a.In is { Type: not "none" } || a.Out is { Type: not "none" })
        || layer is { Type: "shape", Shape: "progress" };

    /// <param name="units">How many pieces a reveal shows one by one (characters, words or lines of this layer).</param>
    /// <param name="videoStart">When the scene starts in the whole video, and <paramref name="videoSeconds"/> its length (progress bars).</param>
    public static LayerTrack Plan(Layer layer, double sceneSeconds, int width, int height, int fps, Func<string, int> units, double videoStart, double videoSeconds)
    {
        var appear = Frame(layer.Start ?? 0, fps);
        var vanish = Math.Min(Frame(layer.End ?? sceneSeconds, fps), Frame(sceneSeconds, fps));
        var animate = layer.Animate ?? new Animate();
        var keys = new List<(double, Look)>();
        string? x = null, y = null;

        var @in = animate.In is { Type: not "none" } i ? i : null;
        var @out = animate.Out is { Type: not "none" } o ? o : null;
        var inStart = Frame(appear + (@in?.Delay ?? 0), fps);
        var inLength = @in is null ? 0 : @in.Duration ?? DefaultLength(@in.Type, units, entrance: true);
        var outLength = @out is null ? 0 : @out.Duration ?? DefaultLength(@out.Type, units, entrance: false);
        var outStart = Frame(Math.Max(inStart + inLength, vanish - (@out?.Delay ?? 0) - outLength), fps);
        outLength = Math.Min(outLength, Math.Max(0, vanish - outStart));

        if (@in is not null && inStart > appear)
        {
            keys.Add((appear, Look.Hidden));
        }
        if (@in is not null)
        {
            var easing = @in.Easing ?? DefaultEasing(@in.Type, entrance: true);
            for (var t = inStart; t < inStart + inLength - 1e-9; t += 1.0 / fps)
            {
                keys.Add((t, LookOf(@in.Type, (t - inStart) / inLength, easing, units, height)));
            }
        }
        keys.Add((Frame(inStart + inLength, fps), Look.Rest));
        if (@out is not null && outLength > 0)
        {
            var easing = @out.Easing ?? DefaultEasing(@out.Type, entrance: false);
            for (var t = outStart; t < outStart + outLength - 1e-9; t += 1.0 / fps)
            {
                // An exit is its entrance played backwards (slides keep going their way, below).
                keys.Add((t, LookOf(@out.Type, 1 - (t - outStart) / outLength, Reverse(easing), units, height)));
            }
        }
        keys.Add((vanish, Look.Hidden));

        var shorter = Math.Min(width, height);
        var (dx, dy) = (new List<string>(), new List<string>());
        if (@in is not null)
        {
            Offsets(@in.Type, Progress(inStart, inLength), @in.Easing ?? DefaultEasing(@in.Type, true), entrance: true, shorter, height, dx, dy);
        }
        if (@out is not null && outLength > 0)
        {
            Offsets(@out.Type, Progress(outStart, outLength), @out.Easing ?? DefaultEasing(@out.Type, false), entrance: false, shorter, height, dx, dy);
        }
        if (animate.Float)
        {
            // A slow drift on two incommensurate periods, so it never visibly loops.
            dx.Add($"{N(0.006 * width)}*sin(2*PI*T/6.3)");
            dy.Add($"{N(0.012 * height)}*sin(2*PI*T/4.1)");
        }
        if (layer is { Type: "shape", Shape: "progress" } && videoSeconds > 0)
        {
            // The bar, painted whole, slides in from the left as the video plays.
            dx.Add($"-{N(width)}*(1-clip(({N(videoStart)}+T)/{N(videoSeconds)},0,1))");
        }
        x = dx.Count > 0 ? string.Join('+', dx) : null;
        y = dy.Count > 0 ? string.Join('+', dy) : null;
        return new LayerTrack(Dedupe(keys, fps), x, y);
    }

    private static string Progress(double start, double length) => $"clip((T-{N(start)})/{N(Math.Max(length, 1e-3))},0,1)";

    private static void Offsets(string type, string progress, string easing, bool entrance, int shorter, int height, List<string> dx, List<string> dy)
    {
        var distance = N(SlideDistance * shorter);
        // Entrances travel the last stretch into place; exits leave the same way they point.
        var eased = Easing.Expression(easing, progress);
        var left = entrance ? $"(1-{eased})" : $"(-{eased})";
        switch (type)
        {
            case "slide-up": dy.Add($"{distance}*{left}"); break;
            case "slide-down": dy.Add($"-{distance}*{left}"); break;
            case "slide-left": dx.Add($"{distance}*{left}"); break;
            case "slide-right": dx.Add($"-{distance}*{left}"); break;
            case "bounce":
                // Dropped from a quarter of the frame above; leaves by rising the same way.
                var drop = N(0.25 * height);
                dy.Add(entrance ? $"-{drop}*(1-{Easing.Expression("bounce", progress)})" : $"-{drop}*{Easing.Expression("ease-in", progress)}");
                break;
        }
    }

    /// <summary>The look at eased progress <paramref name="p"/> (0: not yet in, 1: at rest).</summary>
    private static Look LookOf(string type, double p, string easing, Func<string, int> units, int height)
    {
        var e = (float)Easing.Apply(easing, p);
        var quick = (float)Math.Clamp(p * 2.5, 0, 1);
        return type switch
        {
            "fade" or "slide-up" or "slide-down" or "slide-left" or "slide-right" => Look.Rest with { Alpha = e },
            "pop" => Look.Rest with { Alpha = quick, Scale = 0.4f + 0.6f * e },
            "zoom" => Look.Rest with { Alpha = e, Scale = 0.7f + 0.3f * e },
            "blur" => Look.Rest with { Alpha = e, Blur = (1 - e) * 0.03f * height },
            "wipe" => Look.Rest with { Wipe = e },
            "bounce" => Look.Rest with { Alpha = (float)Math.Clamp(p * 4, 0, 1) },
            "typewriter" or "words" or "lines" => Look.Rest with { Shown = (int)Math.Ceiling(e * units(type) - 1e-6) },
            _ => Look.Rest,
        };
    }

    private static double DefaultLength(string type, Func<string, int> units, bool entrance) => type switch
    {
        "typewriter" => Math.Clamp(units(type) * 0.04, 0.3, 3),
        "words" => Math.Clamp(units(type) * 0.15, 0.3, 4),
        "lines" => Math.Clamp(units(type) * 0.3, 0.3, 3),
        "bounce" when entrance => 0.8,
        _ => entrance ? 0.5 : 0.3,
    };

    private static string DefaultEasing(string type, bool entrance) => type switch
    {
        "typewriter" or "words" or "lines" => "linear",
        "pop" when entrance => "back",
        _ => entrance ? "ease-out" : "ease-in",
    };

    /// <summary>Exits run their curve backwards, so an ease-in exit mirrors an ease-out entrance.</summary>
    private static string Reverse(string easing) => easing switch
    {
        "ease-in" => "ease-out",
        "ease-out" => "ease-in",
        _ => easing,
    };

    /// <summary>A time rounded to the nearest whole frame: every key a track paints is shown from a frame.</summary>
    internal static double Frame(double seconds, int fps) => Math.Round(seconds * fps) / fps;

    /// <summary>Drops keys that repeat the look before them, and keeps times in order.</summary>
    private static List<(double, Look)> Dedupe(List<(double Time, Look Look)> keys, int fps)
    {
        var result = new List<(double, Look)>();
        foreach (var (time, look) in keys.Select(k => (Time: Frame(k.Time, fps), k.Look)).OrderBy(k => k.Time))
        {
            if (result.Count > 0 && Math.Abs(result[^1].Item1 - time) < 1e-9)
            {
                result[^1] = (time, look);
            }
            else if (result.Count == 0 || result[^1].Item2 != look)
            {
                result.Add((time, look));
            }
        }
        return result;
    }

}
