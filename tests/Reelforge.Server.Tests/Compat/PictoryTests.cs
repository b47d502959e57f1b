using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reelforge.Server.Tests.Compat;

/// <summary>Pictory's dialect (seed: pictory-get-job.md; dialects.md section 3) over real HTTP.</summary>
public sealed class PictoryTests(ServerFixture server) : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    /// <summary>Pictory's client: the key raw in Authorization, no Bearer.</summary>
    private HttpClient Pictory(string key = ServerFixture.DevKey)
    {
        var client = server.Client(null);
        client.BaseAddress = new Uri(server.BaseAddress, "compat/pictory/pictoryapis/");
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", key);
        return client;
    }

    private static async Task<JsonObject> WaitAsync(HttpClient pictory, string jobId)
    {
        for (var i = 0; i < 600; i++)
        {
            var job = await (await pictory.GetAsync($"v1/jobs/{jobId}", Ct)).JsonAsync();
            if (job["data"]!["status"]?.GetValue<string>() != "in-progress")
            {
                return job;
            }
            await Task.Delay(100, Ct);
        }
        throw new TimeoutException(jobId);
    }

    private static string[] Keys(JsonNode node) => node.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task CreatePollDownload_ThenContinueFromTheLastFrame_WithAWebhook()
    {
        using var pictory = Pictory();
        var created = await (await pictory.PostJsonAsync("v1/aistudio/videos",
            new { prompt = "A lighthouse at dawn. Waves roll in.", aspectRatio = "9:16", duration = "5s" })).JsonAsync();
        Assert.Equal(["data", "success"], Keys(created)); // dialects.md 3.2: {"success":true,"data":{"jobId"}}
        Assert.True(created["success"]!.GetValue<bool>());
        var jobId = created["data"]!["jobId"]!.GetValue<string>();

        var inProgress = await (await pictory.GetAsync($"v1/jobs/{jobId}", Ct)).JsonAsync();
        SeedExamples.AssertSameShape(SeedExamples.PictoryInProgress, inProgress);

        var done = await WaitAsync(pictory, jobId);
        Assert.Equal(jobId, done["job_id"]!.GetValue<string>());
        var data = done["data"]!;
        SeedExamples.AssertSameShape(SeedExamples.PictoryCompleted, done);
        Assert.Equal(("completed", "5s", 720, 1280), (data["status"]!.GetValue<string>(), data["duration"]!.GetValue<string>(), data["width"]!.GetValue<int>(), data["height"]!.GetValue<int>()));
        Assert.Equal(8.0, data["aiCreditsUsed"]!.GetValue<double>()); // 5 s at pixverse5.5's documented 1.6 credits a second
        using var anonymous = new HttpClient();
        Assert.Equal("video/mp4", (await anonymous.GetAsync(data["url"]!.GetValue<string>(), Ct)).Content.Headers.ContentType!.MediaType);
        Assert.Equal("image/png", (await anonymous.GetAsync(data["lastFrameImageUrl"]!.GetValue<string>(), Ct)).Content.Headers.ContentType!.MediaType);
        Assert.Equal("image/jpeg", (await anonymous.GetAsync(data["thumbnailImageUrl"]!.GetValue<string>(), Ct)).Content.Headers.ContentType!.MediaType);

        // The last frame fed back as the first frame: read from the store (loopback fetches are refused here).
        var next = await (await pictory.PostJsonAsync("v1/aistudio/videos", new
        {
            prompt = "The same shore, a moment later.", aspectRatio = "9:16", duration = "5s",
            firstFrameImageUrl = data["lastFrameImageUrl"]!.GetValue<string>(), webhook = _receiver.Url("/pictory").ToString(),
        })).JsonAsync();
        var continued = await WaitAsync(pictory, next["data"]!["jobId"]!.GetValue<string>());
        Assert.Equal("completed", continued["data"]!["status"]!.GetValue<string>());

        var delivery = Assert.Single(await _receiver.WaitForAsync("/pictory", 1));
        var hook = JsonNode.Parse(delivery.Body)!;
        SeedExamples.AssertSameShape(SeedExamples.PictoryCompleted, hook);
        Assert.Equal(continued["job_id"]!.GetValue<string>(), hook["job_id"]!.GetValue<string>());
        using var native = server.Client();
        var secret = (await (await native.GetAsync("v1/webhooks/signing_secret", Ct)).JsonAsync())["signing_secret"]!.GetValue<string>();
        Assert.True(WebhookReceiver.Verify(delivery, secret));

        Assert.Equal("completed", (await (await native.GetAsync($"v1/videos/{jobId}", Ct)).JsonAsync())["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task AFailedJob_AndAnUnknownOne_AreTheSeedsBodies()
    {
        using var pictory = Pictory();
        var created = await (await pictory.PostJsonAsync("v1/aistudio/videos",
            new { prompt = "From an image nobody may fetch.", firstFrameImageUrl = "http://localhost:9/never.png" })).JsonAsync();
        var failed = await WaitAsync(pictory, created["data"]!["jobId"]!.GetValue<string>());
        SeedExamples.AssertSameShape(SeedExamples.PictoryFailed, failed);
        Assert.False(failed["success"]!.GetValue<bool>());
        Assert.Equal(("failed", "5001"), (failed["data"]!["status"]!.GetValue<string>(), failed["data"]!["error_code"]!.GetValue<string>()));

        var missing = await pictory.GetAsync("v1/jobs/4a09edf9-d071-4847-bda5-8dea913d80fe", Ct);
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        var body = await missing.JsonAsync();
        SeedExamples.AssertSameShape(SeedExamples.PictoryNotFound, body);
        Assert.Equal(("5000", "JOB_NOT_FOUND"), (body["data"]!["error_code"]!.GetValue<string>(), body["data"]!["error_message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task OnlyTheRawAuthorizationHeaderIsAccepted()
    {
        using var bearer = Pictory("Bearer " + ServerFixture.DevKey);
        using var other = server.Client(null);
        other.DefaultRequestHeaders.Add("x-api-key", ServerFixture.DevKey);
        foreach (var response in new[] { await bearer.GetAsync("v1/jobs/x", Ct), await other.GetAsync("compat/pictory/pictoryapis/v1/jobs/x", Ct) })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(SeedExamples.PictoryUnauthorized, await response.Content.ReadAsStringAsync(Ct));
        }
    }

    [Theory]
    [InlineData("""{"prompt":"Tiny"}""", "prompt")]
    [InlineData("""{"prompt":"Long enough.","duration":"7s"}""", "duration")]
    [InlineData("""{"prompt":"Long enough.","model":"veo3.1","aspectRatio":"1:1"}""", "aspectRatio")]
    [InlineData("""{"prompt":"Long enough.","firstFrameImageUrl":"https://a.example/1.png","extendVideoUrl":"https://a.example/v.mp4"}""", "extendVideoUrl")]
    [InlineData("""{"prompt":"Long enough.","extendVideoUrl":"https://a.example/v.mp4"}""", "extendVideoUrl")]
    [InlineData("""{"prompt":"Long enough.","webhook":"ftp://a.example/"}""", "webhook")]
    public async Task BadBodies_AreInvalidRequestBody_NamingTheField(string body, string field)
    {
        using var pictory = Pictory();
        var response = await pictory.PostAsync("v1/aistudio/videos", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.JsonAsync();
        Assert.Equal("INVALID_REQUEST_BODY", error["code"]!.GetValue<string>());
        Assert.Equal(field, error["fields"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.String, error["fields"]![0]!["errors"]!.GetValueKind());
    }
}
