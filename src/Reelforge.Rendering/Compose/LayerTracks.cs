using System.Globalization;
using System.Text;
using Reelforge.Rendering.Motion;
using Reelforge.Timelines;
using static Reelforge.Rendering.Compose.FilterGraph;

namespace Reelforge.Rendering.Compose;

/// <summary>
/// Where a scene's window sits: the scene's start and the whole video's length (progress bars),
/// and the window's first second and length within the scene.
/// </summary>
internal sealed record SceneTiming(double SceneStart, double VideoSeconds, double WindowStart, double WindowSeconds);

/// <summary>
/// Overlays a moving layer: its looks are painted once into a short stream of frames (only the
/// frames where it changes), which `setpts` spreads to their times; overlay holds each frame until
/// the next and moves it by the track's position expressions.
/// </summary>
internal static class LayerTracks
{
    public static string Overlay(FilterGraph graph, string under, string stem, int w, int h, int fps, double sceneSeconds, Layer layer, SceneTiming timing)
    {
        var reveal = layer.Animate?.In?.Type is "typewriter" or "words" or "lines" ? layer.Animate.In.Type : layer.Animate?.Out?.Type ?? "typewriter";
        var unitCount = new Lazy<int>(() => LayerPainter.Units(w, h, layer, reveal));
        var track = LayerTrack.Plan(layer, sceneSeconds, w, h, fps, _ => unitCount.Value, timing.SceneStart, timing.VideoSeconds);
        var keys = Window(track.Keys, timing.WindowStart, timing.WindowStart + timing.WindowSeconds);
        if (keys.Count == 0 || keys.All(k => k.Look.Alpha <= 0))
        {
            return under;
        }
        var box = FramePainter.TrackBox(w, h, layer, track.Grow, track.MaxBlur);
        var path = stem + ".rgba";
        FramePainter.PaintFramesOnce(path, box, keys, (canvas, key) => LayerPainter.Paint(canvas, w, h, layer, key.Look));
        return OverlayFrames(graph, under, path, box, keys.Select(k => k.Time).ToList(), fps, timing.WindowStart, track.X, track.Y);
    }

    /// <summary>
    /// Overlays pictures painted by <see cref="FramePainter.PaintFramesOnce"/> at <paramref name="box"/>,
    /// each from its time (seconds into the scene) until the next, moved by the offset expressions of
    /// the scene's time <c>T</c>.
    /// </summary>
    public static string OverlayFrames(FilterGraph graph, string under, string path, SkiaSharp.SKRectI box, IReadOnlyList<double> times, int fps,
        double windowStart, string? x = null, string? y = null)
    {
        var input = graph.AddFile(path, FramePainter.RawInput(box.Width, box.Height, fps));
        var picture = graph.Chain($"{input}:v", $"format=yuva420p,setpts='{Escape(Pts(times.Select(t => t - windowStart).ToList(), fps))}'", "p");
        string Position(int rest, string? offset) => offset is null
            ? rest.ToString(CultureInfo.InvariantCulture)
            : $"'{Escape($"{rest}+{offset.Replace("T", $"(t+{N(windowStart)})", StringComparison.Ordinal)}")}'";
        var output = graph.NewLabel("o");
        graph.Chains.Add($"[{under}][{picture}]overlay=x={Position(box.Left, x)}:y={Position(box.Top, y)}" +
            $":format=yuv420:eof_action=repeat{(x is not null || y is not null ? ":eval=frame" : "")}[{output}]");
        return output;
    }

    /// <summary>
    /// The keys a window shows, timed within the scene: the last key before the window starts is
    /// moved to its start (that is what is on screen then); keys after it ends are dropped.
    /// </summary>
    internal static List<(double Time, T Look)> Window<T>(IReadOnlyList<(double Time, T Look)> keys, double start, double end)
    {
        var result = new List<(double Time, T Look)>();
        foreach (var (time, look) in keys)
        {
            if (time >= end - 1e-9)
            {
                break;
            }
            if (time <= start + 1e-9 && result.Count > 0)
            {
                result.Clear();
            }
            result.Add((Math.Max(time, start), look));
        }
        return result;
    }

    /// <summary>
    /// Frame n's time as an expression of n, flat rather than nested: runs of evenly spaced frames
    /// are one `clip(N-a,0,n)*step` term each, so a 15-frame fade is one term, not fifteen.
    /// Times are in frames of the output rate (the input's time base, from `-framerate`).
    /// </summary>
    internal static string Pts(IReadOnlyList<double> times, int fps)
    {
        var frames = times.Select(t => (long)Math.Round(t * fps)).ToList();
        var expression = new StringBuilder(frames[0].ToString(CultureInfo.InvariantCulture));
        var i = 1;
        while (i < frames.Count)
        {
            var step = frames[i] - frames[i - 1];
            var run = i;
            while (run + 1 < frames.Count && frames[run + 1] - frames[run] == step)
            {
                run++;
            }
            expression.Append(CultureInfo.InvariantCulture, $"+clip(N-{i - 1},0,{run - i + 1})*{step}");
            i = run + 1;
        }
        return expression.ToString();
    }

    /// <summary>Commas inside a quoted option still end a filter at the graph level: escaped.</summary>
    private static string Escape(string expression) => expression.Replace(",", "\\,", StringComparison.Ordinal);
}
