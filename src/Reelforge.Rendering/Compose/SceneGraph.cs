using Reelforge.Timelines;
using static Reelforge.Rendering.Compose.FilterGraph;

namespace Reelforge.Rendering.Compose;

/// <summary>
/// Builds the part of a filter graph that draws one scene over a window of its own frames
/// [from, from + frames), as `yuv420p` at the output size and rate. What does not move is painted
/// once by <see cref="FramePainter"/> and repeated; what moves (a zooming image, a video clip, a
/// layer that appears or disappears) is drawn by FFmpeg.
/// </summary>
internal static class SceneGraph
{
    public static string Build(FilterGraph graph, Timeline timeline, int index, int from, int frames, string work)
    {
        var scene = timeline.Scenes[index];
        var (w, h, fps) = (timeline.Output.Width, timeline.Output.Height, timeline.Output.Fps);
        var total = Math.Max(1, (int)Math.Round(scene.Seconds * fps));
        var bg = scene.Background;
        var moving = bg.Video is not null || bg.Image is { Motion: not "none" };
        var timed = scene.Layers.Where(l => l.Start is not null || l.End is not null).ToList();
        var fixedLayers = scene.Layers.Where(l => l.Start is null && l.End is null).ToList();
        var stem = Path.Combine(work, $"scene-{index:D3}");

        string label;
        if (!moving)
        {
            // The whole still part in one picture: background and every layer that is always shown.
            var still = $"{stem}-still.rgba";
            FramePainter.PaintOnce(still, w, h, bg, fixedLayers);
            fixedLayers = [];
            label = Repeat(graph, graph.AddFile(still, FramePainter.RawInput(w, h, fps)), frames, fps);
        }
        else if (bg.Video is { } video)
        {
            var start = video.Trim + (double)from / fps;
            var loop = video.Fill == "loop" ? new[] { "-stream_loop", "-1" } : [];
            var input = graph.AddFile(video.Src, [.. loop, "-ss", N(start)]);
            label = graph.Chain($"{input}:v",
                $"{Fit(w, h, "cover", bg.Color)},fps={fps},setpts=PTS-STARTPTS,tpad=stop_mode=clone:stop=-1,trim=end_frame={frames},format=yuv420p");
        }
        else
        {
            var image = bg.Image!;
            var input = graph.AddFile(image.Src);
            label = graph.Chain($"{input}:v", $"{Fit(w, h, image.Fit, bg.Color)},{Motion(image, w, h, fps, from, frames, total)},format=yuv420p");
        }

        if (fixedLayers.Count > 0)
        {
            label = OverlayLayers(graph, label, $"{stem}-layers.rgba", w, h, fps, fixedLayers, enable: null);
        }
        for (var j = 0; j < timed.Count; j++)
        {
            // The window's own clock starts at `from`; the layer's times are the scene's.
            var offset = (double)from / fps;
            var appear = N((timed[j].Start ?? 0) - offset);
            var vanish = N((timed[j].End ?? scene.Seconds) - offset);
            label = OverlayLayers(graph, label, $"{stem}-timed{j}.rgba", w, h, fps, [timed[j]], $"between(t\\,{appear}\\,{vanish})");
        }
        return graph.Chain(label, $"fps={fps},format=yuv420p,setsar=1");
    }

    /// <summary>One decoded picture, repeated: FFmpeg's `-loop 1` would decode the file again every frame.</summary>
    private static string Repeat(FilterGraph graph, int input, int frames, int fps) =>
        graph.Chain($"{input}:v", $"format=yuv420p,loop=loop={frames - 1}:size=1:start=0,setpts=N/{fps}/TB");

    /// <summary>
    /// Layers painted once and cropped to what they cover, blended at their place; overlay repeats the
    /// single frame for the rest of the stream.
    /// </summary>
    private static string OverlayLayers(FilterGraph graph, string under, string path, int w, int h, int fps, IReadOnlyList<Layer> layers, string? enable)
    {
        if (FramePainter.PaintLayersOnce(path, w, h, layers) is not { } box)
        {
            return under;
        }
        // Converted to yuva420p once and blended in yuv420: with `format=auto` overlay chose a path
        // that cost ~20% of a scene's CPU (measured on slides-5: 1.57 s user -> 1.20 s).
        var picture = graph.Chain($"{graph.AddFile(path, FramePainter.RawInput(box.Width, box.Height, fps))}:v", "format=yuva420p", "p");
        var output = graph.NewLabel("o");
        graph.Chains.Add($"[{under}][{picture}]overlay={box.Left}:{box.Top}:format=yuv420:eof_action=repeat{(enable is null ? "" : $":enable='{enable}'")}[{output}]");
        return output;
    }

    private static string Fit(int w, int h, string fit, string color) => fit == "contain"
        ? $"scale={w}:{h}:force_original_aspect_ratio=decrease,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2:color={Text.Colors.ToFfmpeg(color)},setsar=1"
        : $"scale={w}:{h}:force_original_aspect_ratio=increase,crop={w}:{h},setsar=1";

    /// <summary>
    /// Ken Burns with zoompan from one decoded frame. `on` counts this window's frames; adding
    /// `from` continues the motion where the previous window (a transition) left it.
    /// </summary>
    private static string Motion(ImageFill image, int w, int h, int fps, int from, int frames, int total)
    {
        var progress = $"(on+{from})/{Math.Max(1, total - 1)}";
        var zoom = N(image.Zoom);
        var (z, x, y) = image.Motion switch
        {
            "zoom-in" => ($"1+({zoom}-1)*{progress}", "iw/2-(iw/zoom/2)", "ih/2-(ih/zoom/2)"),
            "zoom-out" => ($"{zoom}-({zoom}-1)*{progress}", "iw/2-(iw/zoom/2)", "ih/2-(ih/zoom/2)"),
            "pan-left" => (zoom, $"(iw-iw/zoom)*(1-{progress})", "ih/2-(ih/zoom/2)"),
            "pan-right" => (zoom, $"(iw-iw/zoom)*{progress}", "ih/2-(ih/zoom/2)"),
            "pan-up" => (zoom, "iw/2-(iw/zoom/2)", $"(ih-ih/zoom)*(1-{progress})"),
            _ => (zoom, "iw/2-(iw/zoom/2)", $"(ih-ih/zoom)*{progress}"),
        };
        return $"zoompan=z='{z}':x='{x}':y='{y}':d={frames}:s={w}x{h}:fps={fps}";
    }

    /// <summary>FFmpeg's xfade name for a timeline transition.</summary>
    public static string XfadeName(string type) => type switch
    {
        "fade" => "fadeblack",
        "crossfade" => "fade",
        _ => type.Replace("-", "", StringComparison.Ordinal),
    };
}
