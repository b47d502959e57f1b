using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using static Reelforge.Server.Tests.Waits;

namespace Reelforge.Server.Tests;

/// <summary>`/metrics`: the counters move with real work; `Metrics:Enabled` and `Metrics:Urls` decide where it is served.</summary>
public sealed partial class MetricsTests(ServerFixture server)
{
    [Fact]
    public async Task Metrics_AfterAVideoIsMadeAndCompleted_CountersAndHistogramsMoved()
    {
        var scraper = server.Client(key: null);
        var before = Parse(await scraper.GetStringAsync("metrics"));
        var client = server.Client();
        var video = await client.CreateAndWaitAsync(new { prompt = "Counted by Prometheus.", model = "sora-2-pro", seconds = 1, size = "160x90" });
        Assert.Equal("completed", video["status"]!.GetValue<string>());

        const string Created = "reelforge_jobs_created_total{dialect=\"openai\",model=\"sora-2-pro\"}";
        const string Completed = "reelforge_jobs_completed_total{dialect=\"openai\",model=\"sora-2-pro\"}";
        // The worker records completion just after the store write the poll saw: scrape until it shows.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var after = Parse(await scraper.GetStringAsync("metrics"));
        while (Delta(before, after, Completed) < 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            after = Parse(await scraper.GetStringAsync("metrics"));
        }

        Assert.True(Delta(before, after, Created) >= 1, "jobs created did not move");
        Assert.True(Delta(before, after, Completed) >= 1, "jobs completed did not move");
        Assert.True(Delta(before, after, "reelforge_jobs_queue_wait_seconds_count") >= 1, "queue wait was not observed");
        Assert.True(Delta(before, after, "reelforge_jobs_render_duration_seconds_count") >= 1, "job render time was not observed");
        Assert.True(Delta(before, after, "reelforge_scenes_render_duration_seconds_count") >= 1, "scene render time was not observed");
        Assert.True(after["reelforge_jobs{stage=\"completed\"}"] >= 1);
        Assert.Contains(after.Keys, k => k.StartsWith("http_request_duration_seconds_count{code=\"200\",method=\"POST\"", StringComparison.Ordinal));
        Assert.True(after["process_cpu_seconds_total"] > 0);
        // Histograms keep the buckets the instruments advise.
        Assert.Contains("reelforge_scenes_render_duration_seconds_bucket{le=\"0.25\"}", after.Keys);
    }

    [Fact]
    public async Task Metrics_AfterAWebhookIsDelivered_CountsItsOutcomeAndLatency()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var scraper = server.Client(key: null);
        var before = Parse(await scraper.GetStringAsync("metrics"));
        var client = server.Client();
        await client.CreateAndWaitAsync(new { prompt = "Announced.", seconds = 1, size = "160x90", webhook_url = receiver.Url("/metrics-hook").ToString() });
        await receiver.WaitForAsync("/metrics-hook", 1);

        // The attempt is recorded just after the receiver answered: scrape until it shows.
        const string Delivered = "reelforge_webhooks_deliveries_total{outcome=\"delivered\"}";
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var after = Parse(await scraper.GetStringAsync("metrics"));
        while (Delta(before, after, Delivered) < 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            after = Parse(await scraper.GetStringAsync("metrics"));
        }
        Assert.True(Delta(before, after, Delivered) >= 1, "the delivery was not counted");
        Assert.True(Delta(before, after, "reelforge_webhooks_delivery_duration_seconds_count{outcome=\"delivered\"}") >= 1, "its latency was not observed");
    }

    [Fact]
    public async Task Metrics_WhileAnEventStreamIsOpen_CountsIt()
    {
        var client = server.Client();
        var created = await (await client.PostJsonAsync("v1/videos", new { prompt = "Followed.", seconds = 1, size = "160x90" })).JsonAsync();
        using var stream = await client.GetAsync($"v1/videos/{created["id"]}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        var open = Parse(await server.Client(key: null).GetStringAsync("metrics"))["reelforge_sse_connections"];
        Assert.True(open >= 1, $"reelforge_sse_connections is {open} with a stream open");
    }

    [Fact]
    public async Task Metrics_WhenDisabled_Is404()
    {
        var data = Path.Combine(Path.GetTempPath(), "rf-metrics-off-" + Guid.NewGuid().ToString("N"));
        await using var app = await ServerFixture.StartAsync(data, new Dictionary<string, string?> { ["Metrics:Enabled"] = "false" });
        try
        {
            using var client = new HttpClient { BaseAddress = ServerFixture.AddressOf(app) };
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("metrics")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("healthz")).StatusCode);
        }
        finally
        {
            await app.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Metrics_WithUrls_AreServedOnTheirOwnPortOnly()
    {
        var port = FreePort();
        var data = Path.Combine(Path.GetTempPath(), "rf-metrics-port-" + Guid.NewGuid().ToString("N"));
        await using var app = await ServerFixture.StartAsync(data, new Dictionary<string, string?> { ["Metrics:Urls"] = $"http://127.0.0.1:{port}" });
        try
        {
            using var main = new HttpClient { BaseAddress = ServerFixture.AddressOf(app) };
            Assert.Equal(HttpStatusCode.NotFound, (await main.GetAsync("metrics")).StatusCode);
            using var own = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var text = await own.GetStringAsync("metrics");
            Assert.Contains("reelforge_jobs{stage=\"queued\"} 0", text, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task AWorkerProcess_WithUrls_ServesItsOwnMetrics()
    {
        var port = FreePort();
        var data = Directory.CreateTempSubdirectory("rf-worker-metrics-").FullName;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var root = AppContext.BaseDirectory[..AppContext.BaseDirectory.IndexOf("/tests/", StringComparison.Ordinal)];
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[Path.Combine(root, "src", "Reelforge.Cli", "bin", configuration, "net10.0", "reelforge.dll"), "worker", "--data", data])
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["Reelforge__Metrics__Urls"] = $"http://127.0.0.1:{port}";
        using var worker = System.Diagnostics.Process.Start(start)!;
        var errors = worker.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            // The process is starting: retry refused connections until a deadline.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            string? text = null;
            while (text is null)
            {
                Assert.False(worker.HasExited, $"the worker exited: {(worker.HasExited ? await errors : "")}");
                try
                {
                    text = await scraper.GetStringAsync("metrics", TestContext.Current.CancellationToken);
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100, TestContext.Current.CancellationToken);
                }
            }
            Assert.Contains("reelforge_jobs{stage=\"queued\"} 0", text, StringComparison.Ordinal);
            Assert.Contains("process_cpu_seconds_total", text, StringComparison.Ordinal);
            // Only metrics: nothing of the API is served there.
            Assert.Equal(HttpStatusCode.NotFound, (await scraper.GetAsync("v1/videos", TestContext.Current.CancellationToken)).StatusCode);
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync(TestContext.Current.CancellationToken);
            Directory.Delete(data, recursive: true);
        }
    }

    private static double Delta(Dictionary<string, double> before, Dictionary<string, double> after, string series) =>
        after.GetValueOrDefault(series) - before.GetValueOrDefault(series);

    /// <summary>Prometheus text: `name{labels} value` per line.</summary>
    private static Dictionary<string, double> Parse(string text) =>
        text.Split('\n').Select(l => Sample().Match(l)).Where(m => m.Success)
            .GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => double.Parse(g.First().Groups[2].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^([a-z_]+(?:\{[^}]*\})?) (\S+)$")]
    private static partial Regex Sample();
}
