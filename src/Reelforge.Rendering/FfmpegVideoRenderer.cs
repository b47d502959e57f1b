using System.Globalization;
using Microsoft.Extensions.Options;
using Reelforge.Pipeline;
using Reelforge.Rendering.Ffmpeg;
using Reelforge.Rendering.Text;
using Reelforge.Timelines;

namespace Reelforge.Rendering;

/// <summary>
/// Renders each scene to an H.264/AAC clip with identical encoding parameters, so that export can
/// join them by stream copy, then makes the artifacts (thumbnail, spritesheet, last frame).
/// </summary>
public sealed class FfmpegVideoRenderer(FfmpegRunner ffmpeg, Ffprobe ffprobe, TextRasterizer text, IOptions<RenderOptions> options)
    : IVideoRenderer
{
    private const int SpriteColumns = 4, SpriteRows = 4;
    private readonly RenderOptions _options = options.Value;

    public async Task RenderSceneAsync(Timeline timeline, int sceneIndex, string outputPath, Func<double, ValueTask> progress, CancellationToken ct)
    {
        var scene = timeline.Scenes[sceneIndex];
        var (w, h, fps) = timeline.Output;
        var dir = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        var frames = Math.Max(1, (int)Math.Round(scene.Duration * fps));
        var seconds = Invariant((double)frames / fps);

        var args = new List<string>();
        var bg = scene.Background;
        string chain;
        if (bg.Video is { } video)
        {
            // Scaled to cover; a clip shorter than the scene holds its last frame.
            args.AddRange(["-protocol_whitelist", "file", "-i", video]);
            chain = $"[0:v]{Cover(w, h)},fps={fps},tpad=stop_mode=clone:stop_duration={seconds},trim=duration={seconds},setpts=PTS-STARTPTS";
        }
        else if (bg.Image is { } image)
        {
            args.AddRange(["-protocol_whitelist", "file", "-loop", "1", "-framerate", Invariant(fps), "-t", seconds, "-i", image]);
            chain = $"[0:v]{Cover(w, h)}";
        }
        else
        {
            args.AddRange(["-f", "lavfi", "-i", $"color=c={Colors.ToFfmpeg(bg.Color)}:s={w}x{h}:r={fps}:d={seconds}"]);
            chain = "[0:v]null";
        }

        var next = 1;
        if (scene.Text is { } layer)
        {
            var png = Path.Combine(dir, Path.GetFileNameWithoutExtension(outputPath) + "-text.png");
            text.RenderPng(layer, w, h, png);
            args.AddRange(["-protocol_whitelist", "file", "-loop", "1", "-framerate", Invariant(fps), "-t", seconds, "-i", png]);
            chain += $"[bg];[bg][{next}:v]overlay=0:0:format=auto";
            next++;
        }
        args.AddRange(["-f", "lavfi", "-i", $"anullsrc=r=48000:cl=stereo:d={seconds}"]);
        args.AddRange(["-filter_complex", chain + ",format=yuv420p[v]", "-map", "[v]", "-map", $"{next}:a"]);
        // `-t` rather than `-frames:v`: a frame limit ends the file before the audio encoder drains.
        args.AddRange(["-t", seconds, "-r", Invariant(fps)]);

        await ffmpeg.RenderToAsync(outputPath, temp => [.. args, .. EncodeArgs(), "-f", "mp4", temp],
            scene.Duration, LogPath(dir), progress, ct);
    }

    public async Task<RenderedVideo> ExportAsync(Timeline timeline, IReadOnlyList<string> sceneClips, string outputDirectory,
        Func<double, ValueTask> progress, CancellationToken ct)
    {
        var work = Path.GetDirectoryName(Path.GetFullPath(sceneClips[0]))!;
        var log = LogPath(work);
        var list = Path.Combine(work, "concat.txt");
        // Names only (no directories, no quotes to escape): the concat demuxer's safe mode accepts them.
        await File.WriteAllLinesAsync(list, sceneClips.Select(c => $"file '{Path.GetFileName(c)}'"), ct);

        var video = Path.Combine(outputDirectory, "video.mp4");
        var total = timeline.DurationSeconds;
        await ffmpeg.RenderToAsync(video, temp =>
            ["-f", "concat", "-protocol_whitelist", "file", "-i", list, "-c", "copy", "-movflags", "+faststart", "-f", "mp4", temp],
            total, log, f => progress(f * 0.5), ct);

        var info = await ffprobe.ProbeAsync(video, ct);
        var thumbnail = Path.Combine(outputDirectory, "thumbnail.webp");
        var at = Invariant(Math.Min(1.0, info.DurationSeconds / 2));
        await ffmpeg.RenderToAsync(thumbnail, temp =>
            ["-ss", at, "-protocol_whitelist", "file", "-i", video, "-frames:v", "1", "-c:v", "libwebp", "-quality", "80", "-f", "webp", temp],
            0, log, null, ct);
        await progress(0.6);

        var spritesheet = Path.Combine(outputDirectory, "spritesheet.jpg");
        var totalFrames = Math.Max(1, (int)Math.Round(info.DurationSeconds * info.Fps));
        var every = Math.Max(1, totalFrames / (SpriteColumns * SpriteRows));
        var tileWidth = Math.Min(info.Width, 256) / 2 * 2;
        await ffmpeg.RenderToAsync(spritesheet, temp =>
            ["-protocol_whitelist", "file", "-i", video,
             "-vf", $"select=not(mod(n\\,{every})),scale={tileWidth}:-2,tile={SpriteColumns}x{SpriteRows}",
             "-frames:v", "1", "-fps_mode", "passthrough", "-q:v", "4", "-f", "image2", temp],
            info.DurationSeconds, log, f => progress(0.6 + f * 0.3), ct);

        var lastFrame = Path.Combine(outputDirectory, "last_frame.png");
        await ffmpeg.RenderToAsync(lastFrame, temp =>
            ["-sseof", "-0.5", "-protocol_whitelist", "file", "-i", video, "-fps_mode", "passthrough", "-update", "1", "-f", "image2", "-c:v", "png", temp],
            0, log, null, ct);
        await progress(1);

        return new RenderedVideo(video, thumbnail, spritesheet, lastFrame, info.DurationSeconds, info.Width, info.Height,
            info.Fps, new FileInfo(video).Length);
    }

    private IEnumerable<string> EncodeArgs() =>
    [
        "-c:v", "libx264", "-preset", _options.Preset, "-crf", Invariant(_options.Crf), "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
    ];

    private static string Cover(int w, int h) =>
        $"scale={w}:{h}:force_original_aspect_ratio=increase,crop={w}:{h},setsar=1";

    private static string LogPath(string workDirectory) => Path.Combine(workDirectory, "render.log");

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
