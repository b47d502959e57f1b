using Reelforge.Rendering.Motion;
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
        var moving = bg.Video is not null || bg.Image is { Motion: not "none" } || bg.Gradient is { Animate: true };
        var stem = Path.Combine(work, $"scene-{index:D3}");
        // Layers at rest join the still; the first moving layer and everything above it are overlaid
        // in order, so the stacking the timeline asks for holds.
        var firstMoving = scene.Layers.ToList().FindIndex(LayerTrack.Moves);
        var fixedLayers = firstMoving < 0 ? scene.Layers.ToList() : scene.Layers.Take(firstMoving).ToList();
        var above = firstMoving < 0 ? [] : scene.Layers.Skip(firstMoving).ToList();

        string label;
        if (!moving)
        {
            // The whole still part in one picture: background and every layer that is always shown.
            var still = $"{stem}-still.rgba";
            FramePainter.PaintOnce(still, w, h, bg, fixedLayers);
            fixedLayers = [];
            label = Repeat(graph, graph.AddFile(still, FramePainter.RawInput(w, h, fps)), frames, fps);
        }
        else if (bg.Gradient is { Animate: true } gradient)
        {
            label = MovingGradient(graph, gradient, bg.Vignette ? $"{stem}-vignette-small.rgba" : null, w, h, fps, from, frames);
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

        if (moving && bg.Vignette && bg.Gradient is not { Animate: true })
        {
            var vignette = $"{stem}-vignette.rgba";
            FramePainter.PaintVignetteOnce(vignette, w, h);
            var picture = graph.Chain($"{graph.AddFile(vignette, FramePainter.RawInput(w, h, fps))}:v", "format=yuva420p", "p");
            label = graph.Chain($"{label}][{picture}", "overlay=0:0:format=yuv420:eof_action=repeat");
        }
        if (bg.Grain)
        {
            // Temporal noise on luma only: film grain that moves, without colour speckle.
            // Seeded by the scene, so a render is reproducible (FFmpeg may pick a random seed otherwise).
            // Strength 18: x264 at CRF 23 smooths weaker noise away entirely (7 left a flat grey
            // flat after encoding); visible grain costs bitrate (1280x720: ~9 Mbit/s; 640x360: ~3 Mbit/s against 40 kbit/s without).
            label = graph.Chain(label, $"noise=c0s=18:c0f=t+u:c0_seed={index + 1}");
        }
        if (fixedLayers.Count > 0)
        {
            label = OverlayLayers(graph, label, $"{stem}-layers.rgba", w, h, fps, fixedLayers);
        }
        var timing = new SceneTiming(timeline.SceneStart(index), timeline.DurationSeconds, (double)from / fps, (double)frames / fps);
        for (var j = 0; j < above.Count; j++)
        {
            var layerStem = $"{stem}-layer{firstMoving + j}-{from}";
            label = above[j].Type == "captions"
                ? CaptionTracks.Overlay(graph, label, layerStem, w, h, fps, scene.Seconds, above[j], timing)
                : LayerTracks.Overlay(graph, label, layerStem, w, h, fps, scene.Seconds, above[j], timing);
        }
        // No `fps` filter here: every source is already at the output rate, and fps dropped the
        // window's last frame when the picture was a looped still (89 frames for a 3 s scene).
        return graph.Chain(label, "format=yuv420p,setsar=1");
    }

    /// <summary>
    /// A gradient that drifts: FFmpeg's `gradients` source turning slowly, through the two colours and
    /// the one between them. A window starts where the scene's earlier window left it.
    /// </summary>
    private static string MovingGradient(FilterGraph graph, Gradient gradient, string? vignette, int w, int h, int fps, int from, int frames)
    {
        var (a, b) = (Text.Colors.Parse(gradient.From), Text.Colors.Parse(gradient.To));
        var mid = new SkiaSharp.SKColor((byte)((a.Red + b.Red) / 2), (byte)((a.Green + b.Green) / 2), (byte)((a.Blue + b.Blue) / 2));
        string Hex(SkiaSharp.SKColor c) => $"0x{c.Red:X2}{c.Green:X2}{c.Blue:X2}";
        var seconds = N((double)(from + frames) / fps);
        // From corner to corner, turning about 0.3 radians a second (the source turns `speed` per frame).
        // Drawn at a quarter of the size and scaled up: a gradient has no detail to lose, and the
        // source costs per pixel (1080x1920: 0.65 s of wall time per 3 s scene at full size).
        var (sw, sh) = (Math.Max(2, w / 4), Math.Max(2, h / 4));
        var source = graph.AddSource($"gradients=s={sw}x{sh}:r={fps}:d={seconds}:c0={Hex(a)}:c1={Hex(mid)}:c2={Hex(b)}:nb_colors=3" +
            // A fixed seed: without one the source starts somewhere random, and the same timeline renders differently.
            $":x0=0:y0=0:x1={sw}:y1={sh}:speed={N(0.3 / fps)}:seed=1");
        var small = graph.Chain($"{source}:v", $"trim=start_frame={from},setpts=PTS-STARTPTS,format=yuv420p");
        if (vignette is not null)
        {
            // Smooth too, so it is blended before scaling up, sixteen times cheaper than after.
            FramePainter.PaintVignetteOnce(vignette, sw, sh);
            var picture = graph.Chain($"{graph.AddFile(vignette, FramePainter.RawInput(sw, sh, fps))}:v", "format=yuva420p", "p");
            small = graph.Chain($"{small}][{picture}", "overlay=0:0:format=yuv420:eof_action=repeat");
        }
        return graph.Chain(small, $"scale={w}:{h}:flags=bilinear,format=yuv420p");
    }

    /// <summary>One decoded picture, repeated: FFmpeg's `-loop 1` would decode the file again every frame.</summary>
    private static string Repeat(FilterGraph graph, int input, int frames, int fps) =>
        graph.Chain($"{input}:v", $"format=yuv420p,loop=loop={frames - 1}:size=1:start=0,setpts=N/{fps}/TB");

    /// <summary>
    /// Layers painted once and cropped to what they cover, blended at their place; overlay repeats the
    /// single frame for the rest of the stream.
    /// </summary>
    private static string OverlayLayers(FilterGraph graph, string under, string path, int w, int h, int fps, IReadOnlyList<Layer> layers)
    {
        if (FramePainter.PaintLayersOnce(path, w, h, layers) is not { } box)
        {
            return under;
        }
        // Converted to yuva420p once and blended in yuv420: with `format=auto` overlay chose a path
        // that cost ~20% of a scene's CPU (measured on slides-5: 1.57 s user -> 1.20 s).
        var picture = graph.Chain($"{graph.AddFile(path, FramePainter.RawInput(box.Width, box.Height, fps))}:v", "format=yuva420p", "p");
        var output = graph.NewLabel("o");
        graph.Chains.Add($"[{under}][{picture}]overlay={box.Left}:{box.Top}:format=yuv420:eof_action=repeat[{output}]");
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
    public static string XfadeName(string type) => Transition.Xfade[type];
}
