using System.Globalization;
using Microsoft.Extensions.Options;
using Reelforge.Pipeline;
using Reelforge.Rendering.Ffmpeg;
using Reelforge.Rendering.Compose;
using Reelforge.Timelines;

namespace Reelforge.Rendering;

/// <summary>
/// Renders each scene to an H.264/AAC clip with identical encoding parameters, so that export can
/// join them by stream copy, then makes the artifacts (thumbnail, spritesheet, last frame).
/// </summary>
/// <param name="stillsWithScenes">
/// Whether each scene's run also writes the finished video's stills beside its clip, so export
/// needs no second decode. Off for `reelforge render` without artifacts: they cost each scene run
/// ~5% (reel-5 -j 2: 2.02-2.21 s against 1.90-2.01 s) and would not be used.
/// </param>
public sealed partial class FfmpegVideoRenderer(FfmpegRunner ffmpeg, Ffprobe ffprobe, IOptions<RenderOptions> options, bool stillsWithScenes = true)
    : IVideoRenderer
{
    private readonly RenderOptions _options = options.Value;

    /// <summary>
    /// Renders scene <paramref name="sceneIndex"/> from where the transition into it ended to its
    /// own end; over its last frames it blends into the next scene's first (the transition out).
    /// Joined end to end, the clips make the whole video, and every output frame is encoded once.
    /// </summary>
    public async Task RenderSceneAsync(Timeline timeline, int sceneIndex, string outputPath, Func<double, ValueTask> progress, CancellationToken ct)
    {
        var fps = timeline.Output.Fps;
        var scene = timeline.Scenes[sceneIndex];
        var head = Frames(timeline.TransitionIn(sceneIndex), fps);
        var tail = Frames(timeline.TransitionOut(sceneIndex), fps);
        var length = ClipFrames(timeline, sceneIndex);
        var seconds = FilterGraph.N((double)length / fps);
        var work = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;

        var graph = new FilterGraph();
        var video = SceneGraph.Build(graph, timeline, sceneIndex, head, length, work);
        if (tail > 0)
        {
            var next = SceneGraph.Build(graph, timeline, sceneIndex + 1, 0, tail, work);
            video = graph.Chain($"{video}][{next}",
                $"xfade=transition={SceneGraph.XfadeName(scene.Transition!.Type)}:duration={FilterGraph.N((double)tail / fps)}:offset={FilterGraph.N((double)(length - tail) / fps)}");
        }
        var audio = await AudioAsync(graph, timeline, work, sceneIndex, head, length, fps, ct);
        var (clipVideo, stills) = StillOutputs(graph, video, timeline, sceneIndex, outputPath);

        var args = new List<string>(graph.InputArgs) { "-filter_complex", graph.Render(), "-map", $"[{clipVideo}]", "-map", audio };
        await ffmpeg.RenderToAsync(outputPath, temp => [.. args, "-t", seconds, "-r", Invariant(fps), .. EncodeArgs(timeline.Output.Quality), "-f", "mp4", temp, .. stills],
            (double)length / fps, LogPath(work), progress, ct);
    }

    /// <summary>
    /// The stills of the finished video that fall in this clip, taken from the frames being encoded
    /// (`split`, then a `select` of one frame each) into a folder beside the clip: export then
    /// needs no second decode (measured: 0.35 s of CPU for a 13 s 720p video). Returns the label to
    /// encode and the extra outputs.
    /// </summary>
    private (string Video, IReadOnlyList<string> Outputs) StillOutputs(FilterGraph graph, string video, Timeline timeline, int sceneIndex, string clip)
    {
        var folder = Stills.DirectoryOf(clip);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        var stills = stillsWithScenes ? Stills.InClip(timeline, sceneIndex) : [];
        if (stills.Count == 0)
        {
            return (video, []);
        }
        Directory.CreateDirectory(folder);
        var labels = Enumerable.Range(0, stills.Count + 1).Select(_ => graph.NewLabel("s")).ToList();
        // The format is fixed before the split and converted after each select: otherwise the
        // stills' encoders (JPEG, PNG) let FFmpeg negotiate yuv444p for the whole graph, and every
        // frame was converted up for xfade and back down for x264 (+0.3 s of CPU for a 3 s scene).
        graph.Chains.Add($"[{video}]format=yuv420p,split={labels.Count}" + string.Concat(labels.Select(l => $"[{l}]")));
        var outputs = new List<string>();
        for (var i = 0; i < stills.Count; i++)
        {
            var still = stills[i];
            var scale = still.Tile ? $",scale={Stills.TileWidth(timeline)}:-2" : ",scale";
            var picked = graph.Chain(labels[i + 1], $"select='eq(n,{still.Frame})'{scale}", "p");
            outputs.AddRange(["-map", $"[{picked}]", "-frames:v", "1", .. still.Encode, Path.Combine(folder, still.File)]);
        }
        return (labels[0], outputs);
    }

    /// <summary>
    /// The scene's sound over the window: its narration (spoken from the window's start, which is
    /// where the transition into the scene ends) and a video background that keeps its audio,
    /// mixed; silence when it has neither.
    /// </summary>
    private async Task<string> AudioAsync(FilterGraph graph, Timeline timeline, string work, int sceneIndex, int from, int frames, int fps, CancellationToken ct)
    {
        var scene = timeline.Scenes[sceneIndex];
        var seconds = FilterGraph.N((double)frames / fps);
        const string Normal = "aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo";
        var sounds = new List<string>();
        string? voice = null;
        if (scene.Narration is { } narration)
        {
            // A narrated scene whose speech was never made is a caller's bug, not a silent video.
            var audio = narration.AudioPath ?? throw new InvalidOperationException($"Scene {sceneIndex + 1} is narrated but has no audio: speak the timeline (TimelineNarrator) before rendering.");
            voice = graph.Chain($"{graph.AddFile(audio)}:a", Normal, "a");
            sounds.Add(voice);
        }
        if (timeline.Soundtrack is { } music)
        {
            // Seeked to where this clip sits in the whole video, so the music runs on across clips.
            var input = graph.AddFile(music.Src, [.. (music.Loop ? new[] { "-stream_loop", "-1" } : []), "-ss", FilterGraph.N(timeline.ClipStart(sceneIndex))]);
            var track = graph.Chain($"{input}:a", $"{Normal},volume={FilterGraph.N(music.Volume)},apad,atrim=duration={seconds}", "m");
            if (music.Duck && voice is not null)
            {
                var (key, spoken) = (graph.NewLabel("k"), graph.NewLabel("a"));
                graph.Chains.Add($"[{voice}]asplit=2[{key}][{spoken}]");
                sounds[^1] = spoken;
                track = graph.Chain($"{track}][{key}", "sidechaincompress=threshold=0.02:ratio=8:attack=20:release=400", "m");
            }
            sounds.Add(track);
        }
        if (scene.Background.Video is { Audio: true } video && (await ffprobe.ProbeAsync(video.Src, ct)).HasAudio)
        {
            var input = graph.AddFile(video.Src, [.. (video.Fill == "loop" ? new[] { "-stream_loop", "-1" } : []), "-ss", FilterGraph.N(video.Trim + (double)from / fps)]);
            sounds.Add(graph.Chain($"{input}:a", $"{Normal},volume={FilterGraph.N(video.Volume)}", "a"));
        }
        return sounds.Count switch
        {
            0 => $"{graph.AddSource($"anullsrc=r=48000:cl=stereo:d={seconds}")}:a",
            1 => "[" + graph.Chain(sounds[0], $"apad,atrim=duration={seconds}", "a") + "]",
            _ => "[" + graph.Chain(string.Join("][", sounds), $"amix=inputs={sounds.Count}:duration=longest:normalize=0,apad,atrim=duration={seconds}", "a") + "]",
        };
    }

    private static int Frames(double seconds, int fps) => (int)Math.Round(seconds * fps);

    /// <summary>Frames in scene <paramref name="sceneIndex"/>'s clip: from where the transition into it ends to its own end.</summary>
    internal static int ClipFrames(Timeline timeline, int sceneIndex) =>
        (int)Math.Round(timeline.Scenes[sceneIndex].Seconds * timeline.Output.Fps) - Frames(timeline.TransitionIn(sceneIndex), timeline.Output.Fps);

    /// <summary>Joins scene clips by stream copy (they share every encoding parameter) into a faststart MP4, then probes it.</summary>
    public async Task<MediaInfo> JoinAsync(IReadOnlyList<string> sceneClips, string outputPath, CancellationToken ct)
    {
        await ConcatAsync(sceneClips, outputPath, ct);
        return await ffprobe.ProbeAsync(outputPath, ct);
    }

    /// <summary>Joins scene clips by stream copy, without probing the result (each FFmpeg/ffprobe start costs ~130 ms here).</summary>
    public async Task ConcatAsync(IReadOnlyList<string> sceneClips, string outputPath, CancellationToken ct)
    {
        var list = await WriteConcatListAsync(sceneClips, ct);
        await ffmpeg.RenderToAsync(outputPath, temp =>
            ["-f", "concat", "-protocol_whitelist", "file", "-i", list, "-c", "copy", "-movflags", "+faststart", "-f", "mp4", temp],
            0, LogPath(Path.GetDirectoryName(list)!), null, ct);
    }

    /// <summary>The concat demuxer's list of the clips, written beside them; its path.</summary>
    private static async Task<string> WriteConcatListAsync(IReadOnlyList<string> sceneClips, CancellationToken ct)
    {
        var work = Path.GetDirectoryName(Path.GetFullPath(sceneClips[0]))!;
        var list = Path.Combine(work, "concat.txt");
        // Names only (no directories, no quotes to escape): the concat demuxer's safe mode accepts them.
        await File.WriteAllLinesAsync(list, sceneClips.Select(c => $"file '{Path.GetFileName(c)}'"), ct);
        return list;
    }

    /// <summary>`standard` is the configured preset and CRF; `draft` trades quality for speed, `high` the reverse.</summary>
    private IEnumerable<string> EncodeArgs(string quality)
    {
        var (preset, crf) = quality switch
        {
            "draft" => ("superfast", _options.Crf + 5),
            "high" => ("medium", _options.Crf - 5),
            _ => (_options.Preset, _options.Crf),
        };
        return
        [
            "-c:v", "libx264", "-preset", preset, "-crf", Invariant(Math.Clamp(crf, 0, 51)), "-pix_fmt", "yuv420p", "-threads", Invariant(_options.Threads),
            "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
        ];
    }

    private static string LogPath(string workDirectory) => Path.Combine(workDirectory, "render.log");

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
