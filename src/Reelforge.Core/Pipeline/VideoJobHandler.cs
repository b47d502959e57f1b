using Microsoft.Extensions.Options;
using Reelforge.Blobs;
using Reelforge.Engine;
using Reelforge.Jobs;
using Reelforge.Planning;
using Reelforge.Providers;
using Reelforge.Timelines;

namespace Reelforge.Pipeline;

/// <summary>
/// The video job, stage by stage: plan the timeline (stored once), render each scene to a clip
/// (each finished scene is a checkpoint), then export and store the outputs.
/// </summary>
public sealed class VideoJobHandler(
    IVideoRenderer renderer, ISpeechEngine speech, IBlobStore blobs, IAssetFetcher fetcher, IJobStore store, DataPaths paths,
    IOptions<WorkersOptions> options, PlannerIcons icons, ProviderPlanning? providers = null, EngineMetrics? metrics = null, UpstreamScenes? upstream = null)
    : IJobHandler
{
    // Progress bands: planning 0-5, scenes 5-85, export 85-99; 100 is set on completion.
    // With upstream scenes, 5-45 follows the upstream's own progress and the scene renders take 45-85.
    private const int Planned = 5, Generated = 45, MediaDone = 85, ExportDone = 99;

    private readonly TimelineRender _render = new(renderer, speech);

    public async Task<JobOutputs> RunAsync(JobRun run, CancellationToken ct)
    {
        var work = Directory.CreateDirectory(paths.WorkDirectory(run.Job.Id)).FullName;
        if (run.Job.Timeline is null)
        {
            await run.ReportAsync(new JobCheckpoint(JobStage.GeneratingScript, 1), ct);
            // What the request path did before the job existed (inputs filled from a prompt), told once the job can hold events.
            foreach (var said in run.Job.Spec.Notes ?? [])
            {
                await NoteAsync(run, said, ct);
            }
            var planned = await PlanAsync(run, work, ct);
            var pending = planned.Scenes.Select((s, i) => new SceneState(i, SceneStatus.Pending) { Source = s.Source }).ToList();
            await run.ReportAsync(new JobCheckpoint(JobStage.ScriptReady, Planned) { Timeline = planned, Scenes = pending }, ct);
        }

        await run.ReportAsync(new JobCheckpoint(JobStage.GeneratingMedia, Planned), ct);
        var stored = await GenerateUpstreamAsync(run, run.Job.Timeline!, work, ct);
        var from = run.Job.Scenes.Any(s => s.Source?.Provider == UpstreamScenes.Provider) ? Generated : Planned;
        // Speech is made again on a resumed job: espeak-ng is fast and deterministic, so the
        // lengths, and with them the finished scene clips, stay valid.
        var timeline = await _render.SpeakAsync(await ResolveSourcesAsync(stored, work, ct), work, ct, message => NoteAsync(run, message, ct));
        await RenderScenesAsync(run, timeline, work, from, ct);
        await run.ReportAsync(new JobCheckpoint(JobStage.MediaReady, MediaDone), ct);

        await run.ReportAsync(new JobCheckpoint(JobStage.Exporting, MediaDone), ct);
        var output = Path.Combine(work, "out");
        Directory.CreateDirectory(output);
        var (video, captions) = await _render.FinishAsync(timeline, work, output,
            f => ReportFractionAsync(run, JobStage.Exporting, MediaDone, ExportDone, f, ct), ct);
        var outputs = await StoreOutputsAsync(run.Job.Id, video, captions, ct);
        // The scene checkpoints are not outputs: gone with the scratch space once the outputs are stored.
        await blobs.DeletePrefixAsync(BlobKeys.ScenePrefix(run.Job.Id), ct);
        paths.DeleteWorkDirectory(run.Job.Id);
        return outputs;
    }

    private async Task<Timeline> PlanAsync(JobRun run, string work, CancellationToken ct)
    {
        var job = run.Job;
        var spec = job.Spec;
        if (spec.Timeline is { } given)
        {
            return TimelineResolver.Resolve(given);
        }
        var output = new OutputSpec { Width = spec.Width, Height = spec.Height, Fps = PromptPlanner.DefaultFps };
        if (spec.ExtendsVideoId is null && upstream?.Forwards(spec.Model) == true)
        {
            // A forwarded create: the upstream renders the video; Reelforge derives every output from it.
            return TimelineResolver.Resolve(UpstreamScenes.Forwarded(spec, PromptPlanner.DefaultFps));
        }
        var seed = spec.Seed ?? PromptPlanner.SeedOf(spec.Prompt);
        var firstImage = spec.InputReferenceBlob is { } blob ? "blob:" + blob : spec.InputReferenceUrl;
        if (spec.ExtendsVideoId is not { } sourceId)
        {
            // The script writer and media sources, when configured; their outcomes become `note` events.
            return providers is null
                ? PromptPlanner.Plan(spec.Prompt, spec.Seconds, output, seed, firstImage, spec.Style ?? "slides", spec.Theme, icons)
                : await providers.PlanAsync(job, output, seed, firstImage, work, message => NoteAsync(run, message, ct), ct);
        }

        // An extension: the source video as it is, then new scenes that start from its last frame.
        var source = await store.GetAsync(sourceId, job.AccountId, ct);
        if (source is not { Stage: JobStage.Completed, Outputs: { } outs })
        {
            throw new JobFailedException("source_unavailable", $"Video {sourceId} is no longer available to extend.", retryable: false);
        }
        var added = Math.Max(1, spec.Seconds - outs.DurationSeconds);
        var continuation = PromptPlanner.Plan(spec.Prompt, added, output, seed, "blob:" + outs.LastFrameKey, theme: spec.Theme, icons: icons);
        var first = new Scene { Duration = outs.DurationSeconds, Background = new Background { Video = new VideoFill { Src = "blob:" + outs.VideoKey, Audio = true } } };
        return continuation with { Scenes = [first, .. continuation.Scenes] };
    }

    /// <summary>Has the upstream make every `generate` background; the result is checkpointed with the clips stored.</summary>
    private async Task<Timeline> GenerateUpstreamAsync(JobRun run, Timeline timeline, string work, CancellationToken ct)
    {
        if (!UpstreamScenes.Needed(timeline))
        {
            return timeline;
        }
        if (upstream is null)
        {
            throw new JobFailedException("upstream_not_configured", "A generated background needs an upstream video service (Upstream:BaseUrl).", retryable: false);
        }
        var earlier = run.Job.Scenes;
        var calls = new UpstreamScenes.UpstreamCalls(
            (src, scene) => ResolveAsync(src, work, $"scene{scene}-generate-image", AssetKind.Image, ct),
            scene => earlier.FirstOrDefault(s => s.Index == scene)?.UpstreamVideoId,
            // Checkpoint: a retry or rescue follows this video rather than creating another.
            (scene, id) => run.ReportAsync(new JobCheckpoint(run.Job.Stage, run.Job.Progress)
            {
                Scenes = run.Job.Scenes.Select(s => s.Index == scene ? s with { UpstreamVideoId = id } : s).ToList(),
            }, ct),
            async () => await store.GetAsync(run.Job.Id, run.Job.AccountId, CancellationToken.None) is not { CancelRequested: false } now || now.Stage.IsTerminal(),
            f => ReportFractionAsync(run, JobStage.GeneratingMedia, Planned, Generated, f, ct),
            message => NoteAsync(run, message, ct));
        var generated = await upstream.GenerateAsync(run.Job.Id, timeline, work, calls, ct);
        // Checkpoint: from here a retry renders from the stored clips and never asks the upstream again.
        var scenes = run.Job.Scenes.Select(s => generated.Scenes[s.Index].Source is { } source ? s with { Source = source } : s).ToList();
        await run.ReportAsync(new JobCheckpoint(JobStage.GeneratingMedia, Generated) { Timeline = generated, Scenes = scenes }, ct);
        return generated;
    }

    /// <summary>A `note` event: the stage and progress stay as they are.</summary>
    private static async Task NoteAsync(JobRun run, string message, CancellationToken ct) =>
        await run.ReportAsync(new JobCheckpoint(run.Job.Stage, run.Job.Progress) { Note = message }, ct);

    /// <summary>Replaces every source in the timeline by a local file (FFmpeg only ever reads local files).</summary>
    private Task<Timeline> ResolveSourcesAsync(Timeline timeline, string work, CancellationToken ct) =>
        TimelineResolver.MapSourcesAsync(timeline, (source, scene, role) =>
            ResolveAsync(source, work, scene < 0 ? role : $"scene{scene}-{role}", role switch
            {
                "video" => AssetKind.Video,
                "audio" => AssetKind.Audio,
                _ => AssetKind.Image,
            }, ct));

    private async Task<string> ResolveAsync(string source, string work, string name, AssetKind kind, CancellationToken ct)
    {
        if (source.StartsWith("blob:", StringComparison.Ordinal))
        {
            return await blobs.GetLocalFileAsync(source[5..], work, ct)
                ?? throw new JobFailedException("asset_missing", $"A stored input ({source[5..]}) is missing.", retryable: false);
        }
        var local = Path.Combine(work, name);
        if (!File.Exists(local))
        {
            try
            {
                await fetcher.FetchAsync(new Uri(source), local, kind, ct);
            }
            catch (AssetRejectedException ex)
            {
                throw new JobFailedException(ex.Code, ex.Message, retryable: false, ex);
            }
        }
        return local;
    }

    /// <summary>One scene at a time, each a checkpoint, retried on its own before the attempt fails.</summary>
    private async Task RenderScenesAsync(JobRun run, Timeline timeline, string work, int from, CancellationToken ct)
    {
        var total = timeline.DurationSeconds;
        var done = 0.0;
        for (var i = 0; i < timeline.Scenes.Count; i++)
        {
            var clip = TimelineRender.ClipPath(work, i);
            var share = Math.Max(0, timeline.Scenes[i].Seconds - timeline.TransitionIn(i)) / total;
            var scenes = run.Job.Scenes;
            // Checkpoint: a scene rendered by an earlier attempt is not rendered again, on this
            // machine (its clip is in the work folder) or another (the clip is in the blob store).
            if (scenes.Count > i && scenes[i].Status == SceneStatus.Succeeded && await HaveClipAsync(run.Job.Id, i, clip, ct))
            {
                done += share;
                continue;
            }
            await run.ReportAsync(new JobCheckpoint(JobStage.GeneratingMedia, Band(from, MediaDone, done)) { Scenes = WithStatus(scenes, i, SceneStatus.Running) }, ct);
            var before = done;
            for (var retry = 0; ; retry++)
            {
                try
                {
                    var started = TimeProvider.System.GetTimestamp();
                    await _render.RenderSceneAsync(timeline, i, work,
                        f => ReportFractionAsync(run, JobStage.GeneratingMedia, from, MediaDone, before + f * share, ct), ct);
                    metrics?.SceneRendered(TimeProvider.System.GetElapsedTime(started));
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException && ex is not LeaseLostException)
                {
                    var again = retry < options.Value.SceneRetries;
                    await run.ReportAsync(new JobCheckpoint(JobStage.GeneratingMedia, run.Job.Progress)
                    {
                        Scenes = WithStatus(run.Job.Scenes, i, again ? SceneStatus.Running : SceneStatus.Failed),
                        Retrying = again,
                    }, again ? ct : CancellationToken.None);
                    if (!again)
                    {
                        throw ex as JobFailedException ?? new JobFailedException("render_failed", $"Scene {i + 1} failed to render: {ex.Message}", inner: ex);
                    }
                }
            }
            // Stored before the scene is marked done: a succeeded scene always has its clip in the
            // blob store, whichever machine takes the job up next (locally a hard link, no copy).
            await blobs.PutCopyAsync(BlobKeys.SceneClip(run.Job.Id, i), clip, ct);
            done += share;
            await run.ReportAsync(new JobCheckpoint(JobStage.GeneratingMedia, Band(from, MediaDone, done)) { Scenes = WithStatus(run.Job.Scenes, i, SceneStatus.Succeeded), Retrying = false }, ct);
        }
    }

    /// <summary>Whether a finished scene's clip is in the work folder, fetching it from the blob store when it is not.</summary>
    private async Task<bool> HaveClipAsync(string jobId, int scene, string clip, CancellationToken ct) =>
        File.Exists(clip) || await blobs.FetchToFileAsync(BlobKeys.SceneClip(jobId, scene), clip, ct);

    private async Task<JobOutputs> StoreOutputsAsync(string jobId, RenderedVideo video, (string Srt, string Vtt)? captions, CancellationToken ct)
    {
        string Key(string path) => BlobKeys.Output(jobId, Path.GetFileName(path));
        var outputs = new JobOutputs
        {
            VideoKey = Key(video.VideoPath),
            ThumbnailKey = Key(video.ThumbnailPath),
            ThumbnailJpegKey = Key(video.ThumbnailJpegPath),
            PreviewKey = Key(video.PreviewPath),
            SpritesheetKey = Key(video.SpritesheetPath),
            LastFrameKey = Key(video.LastFramePath),
            SlideKeys = video.SlidePaths.Select(Key).ToList(),
            CaptionsSrtKey = captions is { } c ? Key(c.Srt) : null,
            CaptionsVttKey = captions is { } d ? Key(d.Vtt) : null,
            DurationSeconds = video.DurationSeconds,
            Width = video.Width,
            Height = video.Height,
            Fps = video.Fps,
            Bytes = video.Bytes,
        };
        string[] captionFiles = captions is { } files ? [files.Srt, files.Vtt] : [];
        foreach (var path in (string[])[video.VideoPath, video.ThumbnailPath, video.ThumbnailJpegPath, video.PreviewPath, video.SpritesheetPath, video.LastFramePath, .. video.SlidePaths, .. captionFiles])
        {
            await blobs.PutFileAsync(Key(path), path, ct);
        }
        return outputs;
    }

    /// <summary>Stores progress only when the whole percentage moves, so FFmpeg's updates cost few writes.</summary>
    private static async ValueTask ReportFractionAsync(JobRun run, JobStage stage, int from, int to, double fraction, CancellationToken ct)
    {
        var progress = Band(from, to, fraction);
        if (progress > run.Job.Progress)
        {
            await run.ReportAsync(new JobCheckpoint(stage, progress), ct);
        }
    }

    private static int Band(int from, int to, double fraction) => from + (int)Math.Floor((to - from) * Math.Clamp(fraction, 0, 1));

    private static List<SceneState> WithStatus(IReadOnlyList<SceneState> scenes, int index, SceneStatus status) =>
        scenes.Select(s => s.Index == index ? s with { Status = status } : s).ToList();
}
