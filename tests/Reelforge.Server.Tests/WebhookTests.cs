using System.Net;
using System.Text.Json.Nodes;
using Reelforge.Accounts;

namespace Reelforge.Server.Tests;

public sealed class WebhookTests(ServerFixture server) : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    private async Task<HttpClient> ClientAsync() =>
        server.Client(await server.NewAccountKeyAsync(Scopes.VideosRead, Scopes.VideosWrite, Scopes.WebhooksManage));

    private static object SmallVideo(object? webhookUrl = null) => webhookUrl is null
        ? new { prompt = "One scene.", seconds = "1", size = "160x90" }
        : new { prompt = "One scene.", seconds = "1", size = "160x90", webhook_url = webhookUrl };

    [Fact]
    public async Task AnEndpoint_ReceivesSignedEventsInOpenAisShape()
    {
        using var client = await ClientAsync();
        var endpoint = await (await client.PostJsonAsync("v1/webhook_endpoints",
            new { url = _receiver.Url("/done"), name = "ours", event_types = new[] { "video.completed", "video.failed" } })).JsonAsync();
        var secret = endpoint["signing_secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal("webhook_endpoint", endpoint["object"]!.GetValue<string>());
        var progress = await (await client.PostJsonAsync("v1/webhooks", new { url = _receiver.Url("/progress"), event_types = new[] { "video.progress" } })).JsonAsync();

        var listed = await (await client.GetAsync("v1/webhooks", Ct)).JsonAsync();
        Assert.Equal(2, listed["data"]!.AsArray().Count);
        Assert.All(listed["data"]!.AsArray(), e => Assert.Null(e!["signing_secret"]));

        var video = await client.CreateAndWaitAsync(SmallVideo());
        var id = video["id"]!.GetValue<string>();

        var delivery = Assert.Single(await _receiver.WaitForAsync("/done", 1));
        Assert.True(WebhookReceiver.Verify(delivery, secret), "the signature verifies with the endpoint's secret");
        var accountSecret = (await (await client.GetAsync("v1/webhooks/signing_secret", Ct)).JsonAsync())["signing_secret"]!.GetValue<string>();
        Assert.False(WebhookReceiver.Verify(delivery, accountSecret), "an endpoint's deliveries are signed with its own secret");
        Assert.InRange(long.Parse(delivery.Timestamp, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        var body = JsonNode.Parse(delivery.Body)!;
        Assert.StartsWith("evt_", body["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("event", body["object"]!.GetValue<string>());
        Assert.Equal("video.completed", body["type"]!.GetValue<string>());
        Assert.Equal(id, body["data"]!["id"]!.GetValue<string>());

        var moves = await _receiver.WaitForAsync("/progress", 2);
        Assert.All(moves, m => Assert.Equal("video.progress", JsonNode.Parse(m.Body)!["type"]!.GetValue<string>()));
        Assert.True(moves.Select(m => m.Id).Distinct().Count() == moves.Count, "each event is its own message");

        var log = await (await client.GetAsync($"v1/webhooks/deliveries?video_id={id}&limit=100", Ct)).JsonAsync();
        var done = Assert.Single(log["data"]!.AsArray(), d => d!["webhook_endpoint_id"]!.GetValue<string>() == endpoint["id"]!.GetValue<string>())!;
        Assert.Equal(delivery.Id, done["id"]!.GetValue<string>());
        Assert.Equal("video.completed", done["event_type"]!.GetValue<string>());
        await WaitUntilAsync(async () => (await (await client.GetAsync($"v1/webhooks/deliveries?video_id={id}", Ct)).JsonAsync())["data"]!.AsArray()
            .Any(d => d!["id"]!.GetValue<string>() == delivery.Id && d["status"]!.GetValue<string>() == "delivered"));
        Assert.DoesNotContain(log["data"]!.AsArray(), d => d!["webhook_endpoint_id"]?.GetValue<string>() == progress["id"]!.GetValue<string>()
            && d["event_type"]!.GetValue<string>() != "video.progress");
    }

    [Fact]
    public async Task AVideosOwnWebhook_IsRetriedUntilItSucceeds_WithTheSameWebhookId()
    {
        using var client = await ClientAsync();
        _receiver.Answer = (_, n) => n <= 2 ? 500 : 200;
        var video = await client.CreateAndWaitAsync(SmallVideo(_receiver.Url("/flaky")));

        var attempts = await _receiver.WaitForAsync("/flaky", 3);
        Assert.Equal([500, 500, 200], attempts.Select(a => a.AnsweredWith));
        Assert.Single(attempts.Select(a => a.Id).Distinct());
        Assert.Single(attempts.Select(a => a.Body).Distinct());
        var secret = (await (await client.GetAsync("v1/webhooks/signing_secret", Ct)).JsonAsync())["signing_secret"]!.GetValue<string>();
        Assert.All(attempts, a => Assert.True(WebhookReceiver.Verify(a, secret)));
        Assert.Equal(video["id"]!.GetValue<string>(), JsonNode.Parse(attempts[0].Body)!["data"]!["id"]!.GetValue<string>());

        JsonNode? logged = null;
        await WaitUntilAsync(async () =>
        {
            logged = (await (await client.GetAsync($"v1/webhooks/deliveries?video_id={video["id"]}", Ct)).JsonAsync())["data"]![0];
            return logged!["status"]!.GetValue<string>() == "delivered";
        });
        Assert.Equal(3, logged!["attempt_count"]!.GetValue<int>());
        Assert.Equal([500, 500, 200], logged["attempts"]!.AsArray().Select(a => a!["status_code"]!.GetValue<int>()));
        Assert.Null(logged["webhook_endpoint_id"]);
    }

    [Fact]
    public async Task ACancelledVideo_SendsVideoFailed()
    {
        using var client = await ClientAsync();
        var created = await (await client.PostJsonAsync("v1/videos", new { prompt = "Never finished.", seconds = "30", size = "640x360", webhook_url = _receiver.Url("/gone") })).JsonAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"v1/videos/{created["id"]}", Ct)).StatusCode);
        var delivery = Assert.Single(await _receiver.WaitForAsync("/gone", 1));
        Assert.Equal("video.failed", JsonNode.Parse(delivery.Body)!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task ADeliveryInterruptedByARestart_StillArrives()
    {
        var data = Path.Combine(Path.GetTempPath(), "rf-restart-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Auth:DevelopmentKey"] = "rf_restart_key", ["Webhooks:RetrySchedule"] = "3s" };
        try
        {
            _receiver.Answer = (_, n) => n == 1 ? 503 : 200;
            var first = await ServerFixture.StartAsync(data, settings);
            string videoId;
            await using (first)
            {
                using var client = new HttpClient { BaseAddress = ServerFixture.AddressOf(first) };
                client.DefaultRequestHeaders.Authorization = new("Bearer", "rf_restart_key");
                videoId = (await client.CreateAndWaitAsync(SmallVideo(_receiver.Url("/restart"))))["id"]!.GetValue<string>();
                await _receiver.WaitForAsync("/restart", 1);
                await first.StopAsync(Ct);
            }
            Assert.Single(_receiver.At("/restart"));

            await using var second = await ServerFixture.StartAsync(data, settings);
            var both = await _receiver.WaitForAsync("/restart", 2, seconds: 30);
            Assert.Equal([503, 200], both.Select(r => r.AnsweredWith));
            Assert.Equal(both[0].Id, both[1].Id);
            Assert.Equal(videoId, JsonNode.Parse(both[1].Body)!["data"]!["id"]!.GetValue<string>());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task BadTargetsAndEventTypes_AreRefusedWithTheFieldNamed()
    {
        using var client = await ClientAsync();
        foreach (var (path, body, param) in new (string, object, string)[]
        {
            ("v1/webhook_endpoints", new { url = "ftp://example.com/hook" }, "url"),
            ("v1/webhook_endpoints", new { url = "https://user:pw@example.com/hook" }, "url"),
            ("v1/webhook_endpoints", new { url = "https://example.com/hook", event_types = new[] { "video.exploded" } }, "event_types"),
            ("v1/videos", new { prompt = "x", webhook_url = "not a url" }, "webhook_url"),
        })
        {
            var response = await client.PostJsonAsync(path, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(param, (await response.JsonAsync())["error"]!["param"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Endpoints_NeedTheScope_AndBelongToTheirAccount()
    {
        using var owner = await ClientAsync();
        using var other = await ClientAsync();
        using var videosOnly = server.Client(await server.NewAccountKeyAsync());
        var endpoint = await (await owner.PostJsonAsync("v1/webhook_endpoints", new { url = "https://example.com/hook" })).JsonAsync();
        var id = endpoint["id"]!.GetValue<string>();

        var forbidden = await videosOnly.GetAsync("v1/webhook_endpoints", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"v1/webhook_endpoints/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"v1/webhook_endpoints/{id}", Ct)).StatusCode);

        var updated = await (await owner.PostJsonAsync($"v1/webhook_endpoints/{id}", new { event_types = new[] { "video.failed" } })).JsonAsync();
        Assert.Equal(["video.failed"], updated["event_types"]!.AsArray().Select(t => t!.GetValue<string>()));
        var rotated = await (await owner.PostJsonAsync($"v1/webhook_endpoints/{id}/rotate_secret", new { })).JsonAsync();
        Assert.NotEqual(endpoint["signing_secret"]!.GetValue<string>(), rotated["signing_secret"]!.GetValue<string>());
        Assert.True((await (await owner.DeleteAsync($"v1/webhook_endpoints/{id}", Ct)).JsonAsync())["deleted"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"v1/webhook_endpoints/{id}", Ct)).StatusCode);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, double seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(100, Ct);
        }
    }
}
