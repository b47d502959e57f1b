using Reelforge.Pipeline;
using Reelforge.Rendering.Ffmpeg;
using Reelforge.Timelines;

namespace Reelforge.Rendering;

public sealed partial class FfmpegVideoRenderer
{
    private const int SpriteColumns = 4, SpriteRows = 4;

    /// <summary>
    /// Joins the clips, then makes every still in one FFmpeg run that decodes the video once (each
    /// FFmpeg start costs ~130 ms here): thumbnail (WebP and JPEG), preview, spritesheet, last frame
    /// and one slide per scene.
    /// </summary>
    public async Task<RenderedVideo> ExportAsync(Timeline timeline, IReadOnlyList<string> sceneClips, string outputDirectory,
        Func<double, ValueTask> progress, CancellationToken ct)
    {
        var video = Path.Combine(outputDirectory, "video.mp4");
        var log = LogPath(Path.GetDirectoryName(Path.GetFullPath(sceneClips[0]))!);
        var info = await JoinAsync(sceneClips, video, ct);
        await progress(0.3);

        var fps = info.Fps > 0 ? info.Fps : timeline.Output.Fps;
        var last = Math.Max(0, (info.Frames ?? (int)Math.Floor(info.DurationSeconds * fps)) - 1);
        int FrameAt(double seconds) => Math.Clamp((int)Math.Round(seconds * fps), 0, last);
        var slides = SlideTimes(timeline).Select(FrameAt).ToList();
        var every = Math.Max(1, (last + 1) / (SpriteColumns * SpriteRows));
        var tileWidth = Math.Min(info.Width, 256) / 2 * 2;

        var partial = Directory.CreateDirectory(Path.Combine(outputDirectory, "stills.partial")).FullName;
        string Pick(params int[] frames) => "select='" + string.Join('+', frames.Distinct().Select(f => $"eq(n,{f})")) + "'";
        var thumb = FrameAt(Math.Min(1.0, info.DurationSeconds / 2));
        var graph = string.Join(';',
            "[0:v]split=6[a][b][c][d][e][f]",
            $"[a]{Pick(thumb)}[thumbwebp]",
            $"[b]{Pick(thumb)}[thumbjpg]",
            $"[c]{Pick(FrameAt(info.DurationSeconds / 2))}[preview]",
            $"[d]{Pick(last)}[last]",
            $"[e]select='not(mod(n,{every}))',scale={tileWidth}:-2,tile={SpriteColumns}x{SpriteRows}[sprite]",
            $"[f]{Pick([.. slides])}[slides]");
        string Out(string name) => Path.Combine(partial, name);
        await ffmpeg.RunAsync(
            ["-protocol_whitelist", "file", "-i", video, "-filter_complex", graph,
             "-map", "[thumbwebp]", "-frames:v", "1", "-c:v", "libwebp", "-quality", "80", "-f", "webp", Out("thumbnail.webp"),
             "-map", "[thumbjpg]", "-frames:v", "1", "-q:v", "3", "-f", "image2", Out("thumbnail.jpg"),
             "-map", "[preview]", "-frames:v", "1", "-q:v", "2", "-f", "image2", Out("preview.jpg"),
             "-map", "[last]", "-frames:v", "1", "-c:v", "png", "-f", "image2", Out("last_frame.png"),
             "-map", "[sprite]", "-frames:v", "1", "-q:v", "4", "-f", "image2", Out("spritesheet.jpg"),
             "-map", "[slides]", "-fps_mode", "passthrough", "-q:v", "2", "-start_number", "1", "-f", "image2", Out("slide-%03d.jpg")],
            info.DurationSeconds, log, f => progress(0.3 + f * 0.7), ct);

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

        return new RenderedVideo(video, info.DurationSeconds, info.Width, info.Height, fps, new FileInfo(video).Length)
        {
            ThumbnailPath = result[0], ThumbnailJpegPath = result[1], PreviewPath = result[2], LastFramePath = result[3],
            SpritesheetPath = result[4], SlidePaths = result[5..],
        };
    }

    /// <summary>For each scene, the middle of the time it is fully on screen (between its transitions).</summary>
    internal static IEnumerable<double> SlideTimes(Timeline timeline)
    {
        for (var i = 0; i < timeline.Scenes.Count; i++)
        {
            yield return timeline.SceneStart(i) + (timeline.TransitionIn(i) + timeline.Scenes[i].Seconds - timeline.TransitionOut(i)) / 2;
        }
    }
}
