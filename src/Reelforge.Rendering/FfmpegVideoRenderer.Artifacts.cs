using Reelforge.Pipeline;
using Reelforge.Rendering.Compose;
using Reelforge.Rendering.Ffmpeg;
using Reelforge.Timelines;

namespace Reelforge.Rendering;

public sealed partial class FfmpegVideoRenderer
{
    private const int SpriteColumns = Stills.SpriteColumns, SpriteRows = Stills.SpriteRows;

    /// <summary>
    /// Joins the clips into the faststart MP4 and makes every still: from the stills each scene's
    /// run wrote beside its clip when they are all there (a stream copy, no decode), else from one
    /// decode of the joined clips (a clip fetched from another machine's checkpoint comes alone).
    /// </summary>
    public async Task<RenderedVideo> ExportAsync(Timeline timeline, IReadOnlyList<string> sceneClips, string outputDirectory,
        Func<double, ValueTask> progress, CancellationToken ct)
    {
        var stills = Enumerable.Range(0, sceneClips.Count)
            .SelectMany(i => Stills.InClip(timeline, i).Select(s => (s.File, Path: Path.Combine(Stills.DirectoryOf(sceneClips[i]), s.File), s.Tile)))
            .ToList();
        if (stills.Count == 0 || !stills.All(s => File.Exists(s.Path) && new FileInfo(s.Path).Length > 0))
        {
            return await ExportDecodingAsync(timeline, sceneClips, outputDirectory, progress, ct);
        }
        var video = Path.Combine(outputDirectory, "video.mp4");
        await ConcatAsync(sceneClips, video, ct);
        await progress(0.8);
        var names = new List<string>();
        foreach (var (file, path, _) in stills.Where(s => !s.Tile))
        {
            File.Copy(path, Path.Combine(outputDirectory, file), overwrite: true);
            names.Add(file);
        }
        Stills.WriteSpritesheet(stills.Where(s => s.Tile).Select(s => s.Path).ToList(), Path.Combine(outputDirectory, "spritesheet.jpg"));
        await progress(1);
        string Out(string name) => Path.Combine(outputDirectory, name);
        var fps = timeline.Output.Fps;
        return new RenderedVideo(video, (double)VideoFrames(timeline) / fps, timeline.Output.Width, timeline.Output.Height, fps, new FileInfo(video).Length)
        {
            ThumbnailPath = Out("thumbnail.webp"), ThumbnailJpegPath = Out("thumbnail.jpg"), PreviewPath = Out("preview.jpg"),
            LastFramePath = Out("last_frame.png"), SpritesheetPath = Out("spritesheet.jpg"),
            SlidePaths = names.Where(n => n.StartsWith("slide-", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(Out).ToList(),
        };
    }

    /// <summary>
    /// Joins the clips and makes every still in one FFmpeg run (each FFmpeg or ffprobe start costs
    /// ~130 ms here, and the joined file is not read back): the clips are stream-copied into the
    /// faststart MP4 while the same input is decoded once for the thumbnail (WebP and JPEG),
    /// preview, spritesheet, last frame and one slide per scene. Length, size and rate are known
    /// from the render (each clip was cut to its frames), so nothing is probed.
    /// </summary>
    private async Task<RenderedVideo> ExportDecodingAsync(Timeline timeline, IReadOnlyList<string> sceneClips, string outputDirectory,
        Func<double, ValueTask> progress, CancellationToken ct)
    {
        var video = Path.Combine(outputDirectory, "video.mp4");
        var work = Path.GetDirectoryName(Path.GetFullPath(sceneClips[0]))!;
        var list = await WriteConcatListAsync(sceneClips, ct);
        var (width, height, fps) = (timeline.Output.Width, timeline.Output.Height, timeline.Output.Fps);
        var frames = VideoFrames(timeline);
        var seconds = (double)frames / fps;

        var last = Math.Max(0, frames - 1);
        int FrameAt(double at) => Math.Clamp((int)Math.Round(at * fps), 0, last);
        var slides = SlideTimes(timeline).Select(FrameAt).ToList();
        var every = Math.Max(1, frames / (SpriteColumns * SpriteRows));
        var tileWidth = Math.Min(width, 256) / 2 * 2;

        var partial = Directory.CreateDirectory(Path.Combine(outputDirectory, "stills.partial")).FullName;
        // Converted after the select (see StillOutputs): the whole video stays yuv420p.
        string Pick(params int[] picked) => "select='" + string.Join('+', picked.Distinct().Select(f => $"eq(n,{f})")) + "',scale";
        var thumb = FrameAt(Math.Min(1.0, seconds / 2));
        var graph = string.Join(';',
            "[0:v]format=yuv420p,split=6[a][b][c][d][e][f]",
            $"[a]{Pick(thumb)}[thumbwebp]",
            $"[b]{Pick(thumb)}[thumbjpg]",
            $"[c]{Pick(FrameAt(seconds / 2))}[preview]",
            $"[d]{Pick(last)}[last]",
            $"[e]select='not(mod(n,{every}))',scale={tileWidth}:-2,tile={SpriteColumns}x{SpriteRows}[sprite]",
            $"[f]{Pick([.. slides])}[slides]");
        string Out(string name) => Path.Combine(partial, name);
        await ffmpeg.RenderToAsync(video, temp =>
            ["-f", "concat", "-protocol_whitelist", "file", "-i", list, "-filter_complex", graph,
             "-map", "0:v:0", "-map", "0:a?", "-c", "copy", "-movflags", "+faststart", "-f", "mp4", temp,
             "-map", "[thumbwebp]", "-frames:v", "1", "-c:v", "libwebp", "-quality", "80", "-f", "webp", Out("thumbnail.webp"),
             "-map", "[thumbjpg]", "-frames:v", "1", "-q:v", "3", "-f", "image2", Out("thumbnail.jpg"),
             "-map", "[preview]", "-frames:v", "1", "-q:v", "2", "-f", "image2", Out("preview.jpg"),
             "-map", "[last]", "-frames:v", "1", "-c:v", "png", "-f", "image2", Out("last_frame.png"),
             "-map", "[sprite]", "-frames:v", "1", "-q:v", "4", "-f", "image2", Out("spritesheet.jpg"),
             "-map", "[slides]", "-fps_mode", "passthrough", "-q:v", "2", "-start_number", "1", "-f", "image2", Out("slide-%03d.jpg")],
            seconds, LogPath(work), progress, ct);

        // Moved into place only once every still exists (a clean exit with nothing written is a failure).
        var slidePaths = Enumerable.Range(1, slides.Distinct().Count()).Select(i => $"slide-{i:D3}.jpg").ToList();
        var result = new List<string>();
        foreach (var name in (string[])["thumbnail.webp", "thumbnail.jpg", "preview.jpg", "last_frame.png", "spritesheet.jpg", .. slidePaths])
        {
            if (!File.Exists(Out(name)) || new FileInfo(Out(name)).Length == 0)
            {
                throw new FfmpegException($"FFmpeg did not write {name}.");
            }
            File.Move(Out(name), Path.Combine(outputDirectory, name), overwrite: true);
            result.Add(Path.Combine(outputDirectory, name));
        }
        Directory.Delete(partial, recursive: true);
        await progress(1);

        return new RenderedVideo(video, seconds, width, height, fps, new FileInfo(video).Length)
        {
            ThumbnailPath = result[0], ThumbnailJpegPath = result[1], PreviewPath = result[2], LastFramePath = result[3],
            SpritesheetPath = result[4], SlidePaths = result[5..],
        };
    }

    /// <summary>Video frames of the joined clips: each scene's from the end of the transition into it to its own end.</summary>
    internal static int VideoFrames(Timeline timeline) =>
        Enumerable.Range(0, timeline.Scenes.Count).Sum(i => ClipFrames(timeline, i));

    /// <summary>For each scene, the middle of the time it is fully on screen (between its transitions).</summary>
    internal static IEnumerable<double> SlideTimes(Timeline timeline)
    {
        for (var i = 0; i < timeline.Scenes.Count; i++)
        {
            yield return timeline.SceneStart(i) + (timeline.TransitionIn(i) + timeline.Scenes[i].Seconds - timeline.TransitionOut(i)) / 2;
        }
    }
}
