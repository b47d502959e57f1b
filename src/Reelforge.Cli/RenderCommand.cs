using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Reelforge.Jobs;
using Reelforge.Rendering;
using Reelforge.Pipeline;
using Reelforge.Rendering.Ffmpeg;
using Reelforge.Rendering.Speech;
using Reelforge.Timelines;

namespace Reelforge.Cli;

/// <summary>`reelforge render timeline.json -o out.mp4`: a timeline to an MP4 on this machine, no server.</summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("timeline") { Description = "Timeline JSON (docs/timeline.md); sources may be local files." };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the MP4.", Required = true };
        var artifacts = new Option<bool>("--artifacts") { Description = "Also write thumbnail.webp, spritesheet.jpg, last_frame.png and (when narrated) captions.srt and captions.vtt beside it." };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Scenes rendered at once (default: one per core).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var keep = new Option<bool>("--keep-work") { Description = "Keep the scratch folder (scene clips, render.log with every FFmpeg command) and print where it is." };
        var command = new Command("render", "Render a timeline file to an MP4 locally, with a progress bar.") { file, output, artifacts, jobs, keep };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            Timeline timeline;
            try
            {
                timeline = JsonSerializer.Deserialize(await File.ReadAllTextAsync(path.FullName, ct), TimelineJson.Default.Timeline)!;
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                await Console.Error.WriteLineAsync($"reelforge: {path.Name}: {ex.Message}");
                return 2;
            }
            // Relative sources are relative to the timeline file.
            timeline = await TimelineResolver.MapSourcesAsync(timeline, (src, _, _) => Task.FromResult(
                src.Contains(':', StringComparison.Ordinal) ? src : Path.GetFullPath(src, path.DirectoryName!)));
            var problems = TimelineValidator.Validate(timeline, new TimelineLimits { AllowLocalFiles = true, MaxSeconds = 3600, MaxDimension = 4096 });
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await Console.Error.WriteLineAsync("reelforge: " + problem);
                }
                return 2;
            }
            var target = parse.GetValue(output)!;
            var clock = Stopwatch.StartNew();
            var video = await RenderAsync(TimelineResolver.Resolve(timeline), target.FullName, parse.GetValue(artifacts), Math.Max(1, parse.GetValue(jobs)), parse.GetValue(keep), ct);
            if (!Console.IsErrorRedirected)
            {
                Console.Error.WriteLine();
            }
            Console.WriteLine($"{target.FullName}: {video.Width}x{video.Height}, {video.DurationSeconds:0.00} s, {video.Bytes} bytes, rendered in {clock.Elapsed.TotalSeconds:0.00} s");
            return 0;
        });
        return command;
    }

    private static async Task<(int Width, int Height, double DurationSeconds, long Bytes)> RenderAsync(
        Timeline timeline, string target, bool withArtifacts, int parallel, bool keepWork, CancellationToken ct)
    {
        // Scenes in parallel share the cores: each encoder gets its part.
        var options = Options.Create(new RenderOptions().ForConcurrentRuns(parallel));
        var runner = new FfmpegRunner(options);
        var renderer = new FfmpegVideoRenderer(runner, new Ffprobe(options), options, stillsWithScenes: withArtifacts);
        var work = Directory.CreateTempSubdirectory("reelforge-render-").FullName;
        try
        {
            // The job's own steps (speak, scenes, finish), with scenes rendered side by side.
            var steps = new TimelineRender(renderer, new EspeakSpeechEngine(options));
            timeline = await steps.SpeakAsync(timeline, work, ct);
            var progress = new ProgressBar(timeline.Scenes.Count + 1);
            await steps.RenderScenesAsync(timeline, work, parallel, progress.Report, ct);
            if (withArtifacts)
            {
                var (video, _) = await steps.FinishAsync(timeline, work, Path.GetDirectoryName(target)!, f => progress.Report(timeline.Scenes.Count, f), ct);
                File.Move(video.VideoPath, target, overwrite: true);
                return (video.Width, video.Height, video.DurationSeconds, video.Bytes);
            }
            // No stills and no probe: the clips were made to the timeline's size, rate and length.
            await renderer.ConcatAsync(TimelineRender.ClipPaths(timeline, work), target, ct);
            await progress.Report(timeline.Scenes.Count, 1);
            return (timeline.Output.Width, timeline.Output.Height, timeline.DurationSeconds, new FileInfo(target).Length);
        }
        finally
        {
            if (keepWork)
            {
                Console.Error.WriteLine($"\nreelforge: scratch folder kept at {work}");
            }
            else
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>
    /// The mean of every part's progress on stderr: one line redrawn in place on a terminal; into a
    /// pipe or a log, a plain line at each tenth instead of bar frames.
    /// </summary>
    private sealed class ProgressBar(int parts)
    {
        private readonly double[] _done = new double[parts];
        private readonly bool _terminal = !Console.IsErrorRedirected;
        private int _tenths = -1;

        public ValueTask Report(int part, double fraction)
        {
            lock (_done)
            {
                _done[part] = fraction;
                var total = _done.Average();
                if (_terminal)
                {
                    var filled = (int)(total * 30);
                    Console.Error.Write($"\r[{new string('#', filled)}{new string('.', 30 - filled)}] {total * 100,3:0}%");
                }
                else if ((int)(total * 10) > _tenths)
                {
                    _tenths = (int)(total * 10);
                    Console.Error.WriteLine($"reelforge: rendering {_tenths * 10}%");
                }
            }
            return ValueTask.CompletedTask;
        }
    }
}
