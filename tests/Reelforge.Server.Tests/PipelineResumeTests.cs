using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Reelforge.Blobs;
using Reelforge.Engine;
using Reelforge.Jobs;
using Reelforge.Pipeline;
using Reelforge.Rendering;
using Reelforge.Rendering.Assets;
using Reelforge.Rendering.Ffmpeg;
using Reelforge.Storage.Sqlite;
using Reelforge.Timelines;

namespace Reelforge.Server.Tests;

/// <summary>The real pipeline, store and renderer; a worker that dies mid-job.</summary>
public sealed class PipelineResumeTests : IDisposable
{
    private readonly DataPaths _paths = new(Path.Combine(Path.GetTempPath(), "rf-resume-" + Guid.NewGuid().ToString("N")));

    [Fact]
    public async Task AfterAWorkerDies_TheRescuedJobResumes_WithoutRenderingFinishedScenesAgain()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // No in-place scene retries here: the "death" must reach the job, as a killed process would.
        // The first worker (the claim made here) plans, renders scene 0, then "dies" on scene 1.
        var (store, renderer, handler, first) = await ArrangeAsync(clock, sceneRetries: 0);

        var died = await Assert.ThrowsAsync<JobFailedException>(() => handler.RunAsync(new JobRun(first, new JobLease(first.Id, first.LeaseToken!), store), CancellationToken.None));
        Assert.Equal("render_failed", died.Code);
        Assert.IsType<WorkerDied>(died.InnerException);

        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Single(await store.RescueExpiredAsync(10, CancellationToken.None));
        var second = (await store.ClaimAsync(1, TimeSpan.FromSeconds(30), 0, CancellationToken.None)).Single();
        Assert.Equal([SceneStatus.Succeeded, SceneStatus.Failed, SceneStatus.Pending], second.Scenes.Select(s => s.Status));
        var outputs = await handler.RunAsync(new JobRun(second, new JobLease(second.Id, second.LeaseToken!), store), CancellationToken.None);
        Assert.True(await store.CompleteAsync(new JobLease(second.Id, second.LeaseToken!), JobStage.Exporting, outputs, CancellationToken.None));

        Assert.Equal([1, 2, 1], renderer.Renders);
        Assert.InRange(outputs.DurationSeconds, 2.95, 3.1);
        var events = await store.ListEventsAsync(first.Id, 0, CancellationToken.None);
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Progress <= p.Second.Progress), "progress never goes backwards, even across the rescue");
        Assert.Contains(events, e => e.Type == "rescued");
        Assert.False(Directory.Exists(_paths.WorkDirectory(first.Id)), "scratch space is cleared once the outputs are stored");
    }

    [Fact]
    public async Task ARescuedJobOnAMachineWithoutItsWorkFolder_FetchesFinishedScenesFromTheBlobStore_InsteadOfRenderingThemAgain()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (store, renderer, handler, first) = await ArrangeAsync(clock, sceneRetries: 0);
        await Assert.ThrowsAsync<JobFailedException>(() => handler.RunAsync(new JobRun(first, new JobLease(first.Id, first.LeaseToken!), store), CancellationToken.None));
        var checkpoint = Path.Combine(_paths.Blobs, BlobKeys.SceneClip(first.Id, 0));
        Assert.True(File.Exists(checkpoint), "a finished scene's clip is checkpointed to the blob store");
        Assert.False(File.Exists(Path.Combine(_paths.Blobs, BlobKeys.SceneClip(first.Id, 1))), "the scene that failed has no checkpoint");
        var rendered = await File.ReadAllBytesAsync(checkpoint);

        // Another machine: the rescued job is taken up where the first worker's scratch space does not exist.
        Directory.Delete(_paths.WorkDirectory(first.Id), recursive: true);
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Single(await store.RescueExpiredAsync(10, CancellationToken.None));
        var second = (await store.ClaimAsync(1, TimeSpan.FromSeconds(30), 0, CancellationToken.None)).Single();
        renderer.BeforeExport = work => Assert.Equal(rendered, File.ReadAllBytes(TimelineRender.ClipPath(work, 0)));
        var outputs = await handler.RunAsync(new JobRun(second, new JobLease(second.Id, second.LeaseToken!), store), CancellationToken.None);
        Assert.True(await store.CompleteAsync(new JobLease(second.Id, second.LeaseToken!), JobStage.Exporting, outputs, CancellationToken.None));

        Assert.Equal([1, 2, 1], renderer.Renders);
        Assert.NotNull(renderer.ExportedFrom);
        Assert.InRange(outputs.DurationSeconds, 2.95, 3.1);
        Assert.True(new FileInfo(Path.Combine(_paths.Blobs, outputs.VideoKey)).Length > 0);
        Assert.False(Directory.Exists(Path.Combine(_paths.Blobs, BlobKeys.ScenePrefix(first.Id))), "scene checkpoints are not outputs: removed on completion");
        Assert.False(Directory.Exists(_paths.WorkDirectory(first.Id)));
    }

    [Fact]
    public async Task AFailedScene_IsRenderedAgainOnItsOwn_ShowingRetrying_BeforeTheAttemptWouldFail()
    {
        var (store, renderer, handler, job) = await ArrangeAsync(TimeProvider.System, sceneRetries: 1);
        // What the store says while the failed scene is rendered the second time.
        renderer.Observe = async id => (await store.GetAsync(id, "acct", CancellationToken.None))!;

        var outputs = await handler.RunAsync(new JobRun(job, new JobLease(job.Id, job.LeaseToken!), store), CancellationToken.None);

        Assert.Equal([1, 2, 1], renderer.Renders);
        var during = Assert.Single(renderer.Observed);
        Assert.True(during.Retrying);
        Assert.Equal(SceneStatus.Running, during.Scenes[1].Status);
        Assert.Equal(3, outputs.SlideKeys.Count);
        var after = await store.GetAsync(job.Id, "acct", CancellationToken.None);
        Assert.False(after!.Retrying);
        Assert.Equal(1, after.Attempt);
    }

    /// <summary>The real store, renderer (failing once on scene 1) and speech; one three-scene job, claimed.</summary>
    private async Task<(SqliteJobStore Store, CountingRenderer Renderer, VideoJobHandler Handler, Job Claimed)> ArrangeAsync(
        TimeProvider clock, int sceneRetries)
    {
        var db = new SqliteDatabase(SqliteStorage.DatabaseFile(_paths.Root));
        db.Migrate();
        var store = new SqliteJobStore(db, clock);
        var options = Options.Create(new RenderOptions());
        var ffprobe = new Ffprobe(options);
        var renderer = new CountingRenderer(new FfmpegVideoRenderer(new FfmpegRunner(options), ffprobe, options), dieOnScene: 1);
        _fetcher = new GuardedAssetFetcher(Options.Create(new AssetOptions()), ffprobe);
        var handler = new VideoJobHandler(renderer, new Reelforge.Rendering.Speech.EspeakSpeechEngine(options), new LocalBlobStore(_paths.Blobs), _fetcher, store, _paths,
            Options.Create(new WorkersOptions { SceneRetries = sceneRetries }), Reelforge.Planning.PlannerIcons.None);
        var spec = new VideoSpec { Prompt = "One scene. Then another one. And a third to finish.", Model = "sora-2", Seconds = 3, Width = 160, Height = 90 };
        await store.CreateAsync(new NewJob(JobIds.NewVideoId(), "acct", spec, 3, null), CancellationToken.None);
        return (store, renderer, handler, (await store.ClaimAsync(1, TimeSpan.FromSeconds(30), 0, CancellationToken.None)).Single());
    }

    private GuardedAssetFetcher? _fetcher;

    public void Dispose()
    {
        _fetcher?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_paths.Root, recursive: true);
    }

    private sealed class WorkerDied : Exception;

    /// <summary>The real renderer, counting scene renders, dying once on one scene (as a killed process would).</summary>
    private sealed class CountingRenderer(IVideoRenderer inner, int dieOnScene) : IVideoRenderer
    {
        private bool _died;

        public int[] Renders { get; } = new int[3];
        public Func<string, Task<Job>>? Observe { get; set; }
        public List<Job> Observed { get; } = [];

        public async Task RenderSceneAsync(Timeline timeline, int sceneIndex, string outputPath, Func<double, ValueTask> progress, CancellationToken ct)
        {
            Renders[sceneIndex]++;
            if (_died && sceneIndex == dieOnScene && Observe is not null)
            {
                Observed.Add(await Observe(Path.GetFileName(Path.GetDirectoryName(outputPath)!)));
            }
            if (sceneIndex == dieOnScene && !_died)
            {
                _died = true;
                throw new WorkerDied();
            }
            await inner.RenderSceneAsync(timeline, sceneIndex, outputPath, progress, ct);
        }

        /// <summary>Called with the work folder before the clips are joined.</summary>
        public Action<string>? BeforeExport { get; set; }
        public string? ExportedFrom { get; private set; }

        public Task<RenderedVideo> ExportAsync(Timeline timeline, IReadOnlyList<string> sceneClips, string outputDirectory, Func<double, ValueTask> progress, CancellationToken ct)
        {
            ExportedFrom = Path.GetDirectoryName(sceneClips[0]);
            BeforeExport?.Invoke(ExportedFrom!);
            return inner.ExportAsync(timeline, sceneClips, outputDirectory, progress, ct);
        }
    }
}
