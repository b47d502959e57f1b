using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using static Reelforge.Server.Tests.ProcFs;
using static Reelforge.Server.Tests.Waits;

namespace Reelforge.Server.Tests;

/// <summary>
/// Real `reelforge serve` and `reelforge worker` processes on one data folder (SQLite), a dozen
/// short videos with a webhook URL and credits, and `kill -9`s of whichever process is rendering,
/// each at a random moment (the n-th FFmpeg it starts, n drawn from a logged seed), each followed by
/// a restart. Nothing may be lost, done twice or left running.
/// Replay a schedule with REELFORGE_CHAOS_SEED=&lt;seed&gt; (the seed is in the test's output).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ChaosTests : IDisposable
{
    private const string DevKey = "rf_chaos_test_development_key";
    private const int VideoCount = 12, Kills = 4, Scenes = 3;
    private const decimal StartingCredits = 100;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "rf-chaos-" + Guid.NewGuid().ToString("N"));
    private readonly List<ReelforgeProcess> _started = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _workers;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kill9OfRenderingProcesses_LosesNoVideo_SendsOneWebhookEach_SettlesCreditsOnce_AndLeavesNoFfmpeg()
    {
        var seed = Environment.GetEnvironmentVariable("REELFORGE_CHAOS_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture) : Random.Shared.Next();
        Log($"seed {seed}");
        var random = new Random(seed);
        await using var receiver = await WebhookReceiver.StartAsync();
        var port = FreePort();
        using var admin = Client(port, DevKey);
        var live = new List<ReelforgeProcess> { await StartServeAsync(port, admin), StartWorker(), StartWorker() };

        var account = await (await admin.PostJsonAsync("v1/admin/accounts", new { name = "chaos", credits = StartingCredits })).JsonAsync();
        var key = (await (await admin.PostJsonAsync("v1/admin/keys", new { account = account["id"]!.GetValue<string>(),
            scopes = new[] { "videos:write", "videos:read", "webhooks:manage" } })).JsonAsync())["key"]!.GetValue<string>();
        using var client = Client(port, key);
        var secret = (await (await client.GetAsync("v1/webhooks/signing_secret", Ct)).JsonAsync())["signing_secret"]!.GetValue<string>();

        var ids = new List<string>();
        for (var i = 0; i < VideoCount; i++)
        {
            var created = await client.PostJsonAsync("v1/videos", new { timeline = Timeline(i), webhook_url = receiver.Url("/chaos").ToString() });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
            ids.Add((await created.JsonAsync())["id"]!.GetValue<string>());
        }

        // Every video's completion webhook, awaited while the processes are killed.
        var allDelivered = receiver.WaitUntilAsync("/chaos", r => r.Select(VideoOf).Distinct().Count() == VideoCount, 150, Ct);
        var killedFfmpeg = new List<Child>();
        var kills = 0;
        for (var round = 0; round < Kills; round++)
        {
            var index = random.Next(live.Count);
            var victim = live[index];
            var nth = random.Next(1, 5);
            var running = await AtNthFfmpegAsync(victim, nth, allDelivered);
            if (running is null)
            {
                Log($"round {round}: every video was delivered before {victim.Name} started {nth} FFmpeg runs");
                break;
            }
            await victim.Kill9Async(Ct);
            kills++;
            killedFfmpeg.AddRange(running);
            Log($"round {round}: kill -9 {victim.Name} (pid {victim.Pid}) at its FFmpeg run {nth}, FFmpeg {string.Join(", ", running)} running");
            // Its FFmpeg goes with it (ParentWatch), not left to write the scene another worker renders again.
            await PollAsync(() => running.Any(IsAlive) ? null : running, $"{victim.Name}'s FFmpeg outlived it", seconds: 5);
            live[index] = victim.Name == "serve" ? await StartServeAsync(port, admin) : StartWorker();
        }
        await allDelivered;
        Log($"{kills} kills; every video delivered at {_clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(kills >= 2, $"only {kills} kills landed before the videos were done (seed {seed})");

        var charged = 0m;
        var rescues = 0;
        foreach (var id in ids)
        {
            // A worker process's write shows on the server's reads within its read cache time.
            var video = await HttpExtensions.PollUntilAsync(async () => await (await client.GetAsync($"v1/videos/{id}", Ct)).JsonAsync(),
                v => v["status"]!.GetValue<string>() != "queued" && v["status"]!.GetValue<string>() != "in_progress", $"{id} finished", seconds: 10);
            Assert.True(video["status"]!.GetValue<string>() == "completed", $"{id} (seed {seed}): {video.ToJsonString()}");
            charged += video["credits"]!["charged"]!.GetValue<decimal>();
            await Mp4Decoding.AssertDecodesAsync(await client.GetByteArrayAsync($"v1/videos/{id}/content", Ct), 24 * Scenes, $"{id}'s MP4");
            rescues += await CountEventsAsync(client, id, "video.rescued");
        }
        Log($"{rescues} rescues");
        Assert.True(rescues >= 1, $"no job was rescued: no kill interrupted a render (seed {seed})");

        // None lost, none extra.
        var listed = (await (await client.GetAsync("v1/videos?limit=100", Ct)).JsonAsync())["data"]!.AsArray();
        Assert.Equal(ids.Order(StringComparer.Ordinal), listed.Select(v => v!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        // Exactly one completion webhook per video: a retry after a kill may repeat a webhook-id, with the same body.
        var received = receiver.At("/chaos");
        foreach (var message in received.GroupBy(r => r.Id))
        {
            Assert.Single(message.Select(r => r.Body).Distinct());
            Assert.All(message, r => Assert.True(WebhookReceiver.Verify(r, secret), $"bad signature on {r.Id}"));
            Assert.Equal("video.completed", JsonNode.Parse(message.First().Body)!["type"]!.GetValue<string>());
        }
        foreach (var id in ids)
        {
            var messageIds = received.Where(r => VideoOf(r) == id).Select(r => r.Id).Distinct().ToList();
            Assert.True(messageIds.Count == 1, $"{id} got {messageIds.Count} distinct completion webhooks (seed {seed})");
            // The outbox agrees: one delivery for the video, delivered, under the id that was received.
            var deliveries = (await (await client.GetAsync($"v1/webhooks/deliveries?video_id={id}", Ct)).JsonAsync())["data"]!.AsArray();
            var delivery = Assert.Single(deliveries)!;
            Assert.Equal((messageIds[0], "delivered"), (delivery["id"]!.GetValue<string>(), delivery["status"]!.GetValue<string>()));
        }

        // Credits settled once: the balance is the start less what was charged, and the ledger counts each video once.
        Assert.Equal(VideoCount * Scenes, charged);
        var usage = await (await client.GetAsync("v1/usage", Ct)).JsonAsync();
        Assert.Equal(StartingCredits - charged, usage["credits_available"]!.GetValue<decimal>());
        var days = usage["data"]!.AsArray().Select(d => d!).ToList();
        Assert.Equal(VideoCount, days.Sum(d => d["jobs"]!["completed"]!.GetValue<int>()));
        Assert.Equal(0, days.Sum(d => d["jobs"]!["failed"]!.GetValue<int>() + d["jobs"]!["cancelled"]!.GetValue<int>()));
        Assert.Equal(charged, days.Sum(d => d["credits"]!.GetValue<decimal>()));

        // No FFmpeg of a killed process, nor any other, is left running.
        Assert.DoesNotContain(killedFfmpeg, IsAlive);
        Assert.Empty(FfmpegOf(_data));
        Log($"checked at {_clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Three one-second scenes at 160x90: each a checkpoint, so a kill can land between or inside them.</summary>
    private static object Timeline(int video) => new
    {
        output = new { width = 160, height = 90, fps = 24 },
        scenes = Enumerable.Range(1, Scenes).Select(s => new
        {
            duration = 1,
            background = new { color = s % 2 == 0 ? "#264653" : "#E9C46A" },
            layers = new object[] { new { text = $"Video {video}, scene {s}" } },
        }).ToArray(),
    };

    /// <summary>
    /// Waits until <paramref name="victim"/> has started its <paramref name="nth"/> FFmpeg run from
    /// now (a scene, a join, a still) and returns the FFmpeg it has running; null once every video was delivered.
    /// </summary>
    private static async Task<List<Child>?> AtNthFfmpegAsync(ReelforgeProcess victim, int nth, Task allDelivered)
    {
        var seen = new HashSet<Child>();
        var deadline = Stopwatch.StartNew();
        while (!allDelivered.IsCompleted)
        {
            Assert.False(victim.Process.HasExited, $"{victim.Name} exited on its own:\n{victim.Tail}");
            var running = FfmpegOf(victim.DataFolder).Where(c => Descends(c, victim.Pid)).ToList();
            seen.UnionWith(running);
            if (seen.Count >= nth && running.Count > 0)
            {
                return running;
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"{victim.Name} started {seen.Count} of {nth} FFmpeg runs within 60 s:\n{victim.Tail}");
            }
            // /proc is read every 20 ms: a 160x90 scene's FFmpeg runs for a few hundred.
            await Task.WhenAny(allDelivered, Task.Delay(20, Ct));
        }
        return null;
    }

    /// <summary>How many events of <paramref name="type"/> a finished video's event stream holds (it ends after the last).</summary>
    private static async Task<int> CountEventsAsync(HttpClient client, string id, string type)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/videos/{id}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return text.Split('\n').Count(line => line == "event: " + type);
    }

    private static string VideoOf(WebhookReceiver.Received r) => JsonNode.Parse(r.Body)!["data"]!["id"]!.GetValue<string>();

    private Dictionary<string, string> Settings() => new()
    {
        ["Reelforge__Auth__DevelopmentKey"] = DevKey,
        // `make test` exports REELFORGE_API_KEY (the quick start's key), which the server prefers.
        ["REELFORGE_API_KEY"] = DevKey,
        ["Reelforge__Workers__Concurrency"] = "1",
        // A short lease and a busy rescuer: a dead process's job is taken up within seconds.
        ["Reelforge__Workers__LeaseSeconds"] = "3",
        ["Reelforge__Workers__RescueIntervalSeconds"] = "1",
        ["Reelforge__Workers__RetryBaseDelaySeconds"] = "0",
        ["Reelforge__Workers__PollMilliseconds"] = "200",
        // Every kill may land on the same video: it must still have an attempt left after all of them.
        ["Reelforge__Workers__MaxAttempts"] = (Kills + 2).ToString(CultureInfo.InvariantCulture),
        ["Reelforge__Webhooks__AllowLoopback"] = "true",
        // A delivery claimed by a killed process is sent again after 2 + 1 s, not 10 + 30.
        ["Reelforge__Webhooks__TimeoutSeconds"] = "2",
        ["Reelforge__Webhooks__ClaimGraceSeconds"] = "1",
        ["Reelforge__Webhooks__PollMilliseconds"] = "200",
        ["Reelforge__RateLimits__ReadsPerMinute"] = "0",
        ["Reelforge__RateLimits__CreatesPerMinute"] = "0",
        ["Reelforge__Logging__LogLevel__Default"] = "Warning",
    };

    private async Task<ReelforgeProcess> StartServeAsync(int port, HttpClient probe)
    {
        var serve = Started(ReelforgeProcess.Start("serve", _data, ["serve", "--urls", $"http://127.0.0.1:{port}", "--data", _data], Settings()));
        await PollAsync(async () =>
        {
            Assert.False(serve.Process.HasExited, $"serve exited with code {(serve.Process.HasExited ? serve.Process.ExitCode : 0)}:\n{serve.Tail}");
            try
            {
                return (await probe.GetAsync("healthz", Ct)).IsSuccessStatusCode ? serve : null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }, "serve did not become healthy");
        Log($"serve (pid {serve.Pid}) healthy");
        return serve;
    }

    private ReelforgeProcess StartWorker()
    {
        var worker = Started(ReelforgeProcess.Start($"worker {++_workers}", _data, ["worker", "--data", _data], Settings()));
        Log($"{worker.Name} (pid {worker.Pid}) started");
        return worker;
    }

    private ReelforgeProcess Started(ReelforgeProcess process)
    {
        _started.Add(process);
        return process;
    }

    private void Log(string line) =>
        TestContext.Current.TestOutputHelper?.WriteLine($"[{_clock.Elapsed.TotalSeconds,5:0.0} s] {line}");

    private static HttpClient Client(int port, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public void Dispose()
    {
        foreach (var process in _started)
        {
            process.Dispose();
        }
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
