using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Reelforge.Storage.Tests.Engines;

namespace Reelforge.Server.Tests;

/// <summary>
/// The scale-out proof (issue 12): two API nodes and two worker processes, each with its own data
/// folder, on one PostgreSQL database and one s3rver bucket. Twelve videos are created through node
/// A; a worker is `kill -9`ed once it has finished a scene of the job it holds; every video
/// completes, the killed job resumes on the other worker from the scene clips in the bucket, node
/// B's event stream sees each completion within a second, each webhook is one message, and node B's
/// signed URL serves the bucket's MP4.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ScaleOutTests(PostgresCluster postgres)
{
    internal const int VideoCount = 12, Scenes = 4, Fps = 24;
    private const string Hook = "/scale-out";
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoApiNodesAndTwoWorkers_OnePostgresOneBucket_AWorkerKilledMidRender_EveryVideoCompletesOnceAndResumesFromItsScenes()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(postgres, Ct);
        await using var receiver = await WebhookReceiver.StartAsync();
        // All four start at once: the migrations are applied once, under the advisory lock.
        var startA = cluster.StartApiNodeAsync("api-a", Ct);
        var startB = cluster.StartApiNodeAsync("api-b", Ct);
        var workers = new[] { cluster.StartWorker("worker-1"), cluster.StartWorker("worker-2") };
        var (a, b) = (await startA, await startB);
        Log($"api-a (pid {a.Process.Pid}), api-b (pid {b.Process.Pid}), workers {workers[0].Pid} and {workers[1].Pid} started");
        using var onA = ScaleOutCluster.Client(a);
        using var onB = ScaleOutCluster.Client(b);
        await using var stream = await EventStreamRecorder.OpenAsync(ScaleOutCluster.Client(b, Timeout.InfiniteTimeSpan), Ct);
        var secret = (await (await onA.GetAsync("v1/webhooks/signing_secret", Ct)).JsonAsync())["signing_secret"]!.GetValue<string>();

        var ids = new List<string>();
        for (var i = 0; i < VideoCount; i++)
        {
            var created = await onA.PostJsonAsync("v1/videos", new { timeline = Timeline(i), webhook_url = receiver.Url(Hook).ToString() });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
            ids.Add((await created.JsonAsync())["id"]!.GetValue<string>());
        }
        Log($"{VideoCount} videos created through api-a");

        // Node B's stream drives the test: kill the holder of the first job seen with a finished
        // scene and more to go, then wait for every completion.
        var completions = new Dictionary<string, EventStreamRecorder.Event>();
        ReelforgeProcess? killed = null;
        string? killedJob = null;
        var finishedBeforeKill = 0;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(90));
        while (true)
        {
            EventStreamRecorder.Event e;
            try
            {
                e = await stream.Reader.ReadAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                throw new TimeoutException($"{completions.Count} of {VideoCount} completions reached node B's stream within 90 s; killed: " +
                    $"{killed?.Name ?? "none"}\n{string.Join("\n", workers.Select(w => $"{w.Name}:\n{w.Tail}"))}");
            }
            Assert.NotEqual("video.failed", e.Type);
            foreach (var process in workers.Where(w => w != killed).Append(a.Process).Append(b.Process))
            {
                Assert.False(process.Process.HasExited, $"{process.Name} exited on its own:\n{process.Tail}");
            }
            if (e.Type == "video.completed")
            {
                Assert.True(completions.TryAdd(e.VideoId, e), $"{e.VideoId} completed twice on node B's stream");
                // The event carries the video as it is now, not as node B last read it.
                Assert.Equal("completed", e.Video["status"]!.GetValue<string>());
                if (completions.Count == VideoCount)
                {
                    break;
                }
            }
            if (killed is null && e.Type == "video.scene" && Succeeded(e.Video) is > 0 and < Scenes
                && workers.FirstOrDefault(w => Directory.Exists(Path.Combine(w.DataFolder, "work", e.VideoId))) is { } holder)
            {
                await holder.Kill9Async(Ct);
                (killed, killedJob) = (holder, e.VideoId);
                // Dead, so nothing changes the job until the rescuer sees its lease lapse (3 s).
                var row = await JobRowAsync(cluster, killedJob);
                finishedBeforeKill = row.Succeeded;
                Assert.NotEqual("completed", row.Stage);
                Log($"kill -9 {holder.Name} (pid {holder.Pid}) holding {killedJob}: {finishedBeforeKill} of {Scenes} scenes finished, stage {row.Stage}");
            }
        }
        Log($"node B's stream saw {completions.Count} completions");
        Assert.Equal(ids.Order(StringComparer.Ordinal), completions.Keys.Order(StringComparer.Ordinal));
        Assert.NotNull(killedJob);
        Assert.True(finishedBeforeKill > 0, "the worker was killed before it finished a scene");

        await AssertResumedFromCheckpointsAsync(cluster, killedJob, finishedBeforeKill);
        await AssertCompletionsSeenWithinASecondAsync(cluster, completions);
        await AssertOneWebhookPerVideoAsync(receiver, onB, ids, secret);
        await AssertSignedUrlsServeTheBucketAsync(cluster, onB, b, ids, killedJob);

        // Every job is done: no FFmpeg is running anywhere in the cluster, the killed worker's included.
        Assert.Empty(ProcFs.FfmpegOf(cluster.Root));
        Log("checked");
    }

    /// <summary>
    /// The resumed attempt rendered only the scenes the killed one had not finished: each scene it
    /// renders is two `scene` events (running, succeeded), so re-rendering a finished scene would add two.
    /// </summary>
    private async Task AssertResumedFromCheckpointsAsync(ScaleOutCluster cluster, string jobId, int finishedBeforeKill)
    {
        var events = await cluster.QueryAsync("SELECT type FROM job_events WHERE job_id = @id ORDER BY seq", r => r.GetString(0), Ct, ("id", jobId));
        Assert.Equal(2, events.Count(t => t == "claimed"));
        Assert.Contains("rescued", events);
        var resumed = events.Skip(events.LastIndexOf("claimed")).ToList();
        var before = events.Take(events.LastIndexOf("claimed")).Count(t => t == "scene");
        Log($"{jobId}: {before} scene events before the kill, {resumed.Count(t => t == "scene")} after ({finishedBeforeKill} scenes were finished)");
        Assert.Equal(2 * (Scenes - finishedBeforeKill), resumed.Count(t => t == "scene"));
        Assert.Equal("completed", resumed[^1]);
        var row = await JobRowAsync(cluster, jobId);
        Assert.Equal((2, Scenes), (row.Attempt, row.Succeeded));
        // The checkpoints were the bucket's (the survivor's data folder never had them), and went with the completion.
        using var s3 = cluster.S3.Client();
        var left = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = cluster.Bucket, Prefix = $"{ScaleOutCluster.Prefix}/jobs/{jobId}/scenes/" }, Ct);
        Assert.Empty(left.S3Objects ?? []);
    }

    /// <summary>Each `completed` event reached node B's stream within a second of the time stored with it.</summary>
    private async Task AssertCompletionsSeenWithinASecondAsync(ScaleOutCluster cluster, Dictionary<string, EventStreamRecorder.Event> seen)
    {
        var stored = await cluster.QueryAsync("SELECT job_id, created_at FROM job_events WHERE type = 'completed'",
            r => (Id: r.GetString(0), At: r.GetInt64(1)), Ct);
        Assert.Equal(VideoCount, stored.Count);
        var lags = stored.Select(s => (s.Id, Ms: seen[s.Id].ReceivedAtMs - s.At)).OrderBy(l => l.Ms).ToList();
        Log($"completion to node B's stream: median {lags[lags.Count / 2].Ms} ms, max {lags[^1].Ms} ms ({string.Join(", ", lags.Select(l => l.Ms))})");
        Assert.All(lags, l => Assert.True(l.Ms < 1000, $"{l.Id}'s completion reached node B's stream {l.Ms} ms after it was stored"));
    }

    /// <summary>One completion webhook per video: a retry may repeat a webhook-id, never with another body; the outbox agrees.</summary>
    private static async Task AssertOneWebhookPerVideoAsync(WebhookReceiver receiver, HttpClient onB, List<string> ids, string secret)
    {
        var received = await receiver.WaitUntilAsync(Hook, r => r.Select(VideoOf).Distinct().Count() == ids.Count, 30, Ct);
        foreach (var message in received.GroupBy(r => r.Id))
        {
            Assert.Single(message.Select(r => r.Body).Distinct());
            Assert.All(message, r => Assert.True(WebhookReceiver.Verify(r, secret), $"bad signature on {r.Id}"));
            Assert.Equal("video.completed", JsonNode.Parse(message.First().Body)!["type"]!.GetValue<string>());
        }
        foreach (var id in ids)
        {
            var messageIds = received.Where(r => VideoOf(r) == id).Select(r => r.Id).Distinct().ToList();
            Assert.True(messageIds.Count == 1, $"{id} got {messageIds.Count} distinct completion webhooks");
            var deliveries = (await (await onB.GetAsync($"v1/webhooks/deliveries?video_id={id}", Ct)).JsonAsync())["data"]!.AsArray();
            var delivery = Assert.Single(deliveries)!;
            Assert.Equal((messageIds[0], "delivered"), (delivery["id"]!.GetValue<string>(), delivery["status"]!.GetValue<string>()));
        }
    }

    /// <summary>Node B signs (with the bucket's key) and serves each MP4 byte for byte as the bucket holds it; the resumed one decodes whole.</summary>
    private async Task AssertSignedUrlsServeTheBucketAsync(ScaleOutCluster cluster, HttpClient onB, ScaleOutCluster.ApiNode b, List<string> ids, string resumed)
    {
        using var anonymous = new HttpClient();
        foreach (var id in ids)
        {
            var video = await (await onB.GetAsync($"v1/videos/{id}", Ct)).JsonAsync();
            Assert.Equal("completed", video["status"]!.GetValue<string>());
            var url = new Uri(video["urls"]!["video"]!.GetValue<string>());
            Assert.Equal(b.Address.Authority, url.Authority);
            var served = await anonymous.GetByteArrayAsync(url, Ct);
            var key = Uri.UnescapeDataString(url.AbsolutePath["/files/".Length..]);
            Assert.Equal(await cluster.ObjectAsync(key, Ct), served);
            if (id == resumed)
            {
                await Mp4Decoding.AssertDecodesAsync(served, Scenes * Fps, "the resumed MP4");
            }
        }
        Log($"{ids.Count} MP4s served by api-b equal the bucket's");
    }

    private static async Task<(string Stage, int Attempt, int Succeeded)> JobRowAsync(ScaleOutCluster cluster, string id)
    {
        var rows = await cluster.QueryAsync("SELECT stage, attempt, scenes FROM jobs WHERE id = @id",
            r => (r.GetString(0), (int)r.GetInt64(1), JsonNode.Parse(r.GetString(2))!.AsArray().Count(s => IsSucceeded(s!["status"]))), Ct, ("id", id));
        return Assert.Single(rows);
    }

    /// <summary>How many of a video's scenes have finished, as the API shows it.</summary>
    internal static int Succeeded(JsonObject video) => video["scenes"]?.AsArray().Count(s => IsSucceeded(s!["status"])) ?? 0;

    private static bool IsSucceeded(JsonNode? status) => string.Equals(status?.GetValue<string>(), "succeeded", StringComparison.OrdinalIgnoreCase);

    /// <summary>Four one-second scenes at 160x90: each a checkpoint, so a kill lands between or inside them.</summary>
    internal static object Timeline(int video) => new
    {
        output = new { width = 160, height = 90, fps = Fps },
        scenes = Enumerable.Range(1, Scenes).Select(s => new
        {
            duration = 1,
            background = new { color = s % 2 == 0 ? "#264653" : "#E9C46A" },
            layers = new object[] { new { text = $"Video {video}, scene {s}" } },
        }).ToArray(),
    };

    private static string VideoOf(WebhookReceiver.Received r) => JsonNode.Parse(r.Body)!["data"]!["id"]!.GetValue<string>();

    private void Log(string line) =>
        TestContext.Current.TestOutputHelper?.WriteLine($"[{_clock.Elapsed.TotalSeconds,5:0.0} s] {line}");
}
