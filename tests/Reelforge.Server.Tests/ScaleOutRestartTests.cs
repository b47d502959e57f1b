using System.Diagnostics;
using System.Text.Json.Nodes;
using Reelforge.Storage.Tests.Engines;

namespace Reelforge.Server.Tests;

/// <summary>
/// PostgreSQL restarted (`pg_ctl restart -m fast`) while real worker processes render: every
/// connection of every process is cut at once; the processes reconnect and every video finishes,
/// each with one completion webhook.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ScaleOutRestartTests
{
    private const int VideoCount = 6;
    private const string Hook = "/restart";
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostgresRestartedMidRender_TheProcessesReconnect_AndEveryVideoCompletesWithOneWebhook()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(new PostgresCluster { UseEnvironment = false }, Ct, ownsPostgres: true);
        await using var receiver = await WebhookReceiver.StartAsync();
        var startApi = cluster.StartApiNodeAsync("api", Ct);
        var workers = new[] { cluster.StartWorker("worker-1"), cluster.StartWorker("worker-2") };
        var api = await startApi;
        using var client = ScaleOutCluster.Client(api);
        var ids = new List<string>();
        await using (var stream = await EventStreamRecorder.OpenAsync(ScaleOutCluster.Client(api, Timeout.InfiniteTimeSpan), Ct))
        {
            for (var i = 0; i < VideoCount; i++)
            {
                var created = await client.PostJsonAsync("v1/videos", new { timeline = ScaleOutTests.Timeline(i), webhook_url = receiver.Url(Hook).ToString() });
                Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
                ids.Add((await created.JsonAsync())["id"]!.GetValue<string>());
            }
            // Mid-render: a job has a finished scene and more to go.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(60));
            while (await stream.Reader.ReadAsync(deadline.Token) is var e
                && !(e.Type == "video.scene" && ScaleOutTests.Succeeded(e.Video) is > 0 and < ScaleOutTests.Scenes))
            {
            }
        }
        var before = receiver.At(Hook).Count;
        await cluster.RestartPostgresAsync(Ct);
        Log($"PostgreSQL restarted, {before} of {VideoCount} videos delivered before");

        var received = await receiver.WaitUntilAsync(Hook, r => r.Select(VideoOf).Distinct().Count() == VideoCount, 90, Ct);
        Log($"every video delivered");
        foreach (var process in workers.Append(api.Process))
        {
            Assert.False(process.Process.HasExited, $"{process.Name} exited:\n{process.Tail}");
        }
        foreach (var id in ids)
        {
            var messageIds = received.Where(r => VideoOf(r) == id).Select(r => r.Id).Distinct().ToList();
            Assert.True(messageIds.Count == 1, $"{id} got {messageIds.Count} distinct completion webhooks");
            Assert.All(received.Where(r => VideoOf(r) == id), r => Assert.Equal("video.completed", JsonNode.Parse(r.Body)!["type"]!.GetValue<string>()));
            // The API node reads through its own reconnected pool.
            var video = await HttpExtensions.PollUntilAsync(async () => await (await client.GetAsync($"v1/videos/{id}", Ct)).JsonAsync(),
                v => v["status"]!.GetValue<string>() == "completed", $"{id} completed on the API node", seconds: 10);
            Assert.Equal("completed", video["status"]!.GetValue<string>());
        }
        Assert.Empty(ProcFs.FfmpegOf(cluster.Root));
        var attempts = await cluster.QueryAsync("SELECT attempt FROM jobs", r => r.GetInt64(0), Ct);
        var rescued = await cluster.QueryAsync("SELECT count(*) FROM job_events WHERE type IN ('rescued', 'retry_scheduled')", r => r.GetInt64(0), Ct);
        Log($"checked: attempts {string.Join(", ", attempts)}; {rescued[0]} rescues or retries");
    }

    private static string VideoOf(WebhookReceiver.Received r) => JsonNode.Parse(r.Body)!["data"]!["id"]!.GetValue<string>();

    private void Log(string line) =>
        TestContext.Current.TestOutputHelper?.WriteLine($"[{_clock.Elapsed.TotalSeconds,5:0.0} s] {line}");
}
