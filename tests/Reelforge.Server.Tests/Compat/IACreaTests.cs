using System.Net;
using System.Text.Json.Nodes;
using Reelforge.Server.Compat.IACrea;
using SkiaSharp;

namespace Reelforge.Server.Tests.Compat;

/// <summary>IACrea's dialect (seed: iacrea-get-video.txt; dialects.md section 6) over real HTTP.</summary>
public sealed class IACreaTests(ServerFixture server) : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string[] Order = ["PENDING", "GENERATING_VIDEO", "START_RENDERING_VIDEO", "RENDERING_VIDEO", "DONE"];

    public async ValueTask InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    private HttpClient IACrea(string? key = ServerFixture.DevKey)
    {
        var client = server.Client(null);
        client.BaseAddress = new Uri(server.BaseAddress, "compat/iacrea/api/video-editor/generate/");
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", key);
        }
        return client;
    }

    private static object Body(object[] sequences, string? webhook = null, string format = "landscape") => new
    {
        video = new
        {
            format, template = "SaleProperty", colors = new[] { "#1a1a2e", "#ffffff" },
            displayLogo = true, logoUrl = TemplateApiTests.DataUrl(SKColors.White), sequences,
        },
        webhookUrl = webhook,
    };

    [Fact]
    public async Task SequencesRenderInOrder_WithCameraMoves_BeforeAfter_AndAWebhook()
    {
        using var iacrea = IACrea();
        var created = await iacrea.PostJsonAsync("video", Body(
        [
            new { order = 3, duration = 2, type = "outro", data = new { title = "Call us", displayLogo = true } },
            new { order = 0, duration = 2, type = "intro", data = new { title = "1 Harbour Road", text = "€ 450,000" } },
            new { order = 1, duration = 9, type = "video", animationType = "CAMERA_PUSH_IN", data = new { url = TemplateApiTests.DataUrl(SKColors.Green), text = "The garden" } },
            new { order = 2, duration = 3, type = "beforeAfter", data = new { beforeUrl = TemplateApiTests.DataUrl(SKColors.Red), afterUrl = TemplateApiTests.DataUrl(SKColors.Blue) } },
        ], _receiver.Url("/iacrea").ToString()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var first = await created.JsonAsync();
        Assert.Equal("PENDING", first["status"]!.GetValue<string>());
        Assert.Equal(5, first["generatedContent"]!.AsArray().Count); // intro, video, before, after, outro
        Assert.Null(first["creditsTotal"]);
        var id = first["id"]!.GetValue<string>();

        var seen = new List<string>();
        var video = await HttpExtensions.PollUntilAsync(
            async () => await (await iacrea.GetAsync($"video/{id}", Ct)).JsonAsync(),
            v =>
            {
                var status = v["status"]!.GetValue<string>();
                if (seen.Count == 0 || seen[^1] != status)
                {
                    seen.Add(status);
                }
                if (status is "START_RENDERING_VIDEO" or "RENDERING_VIDEO")
                {
                    Assert.InRange(v["progress"]!.GetValue<int>(), 0, 100);
                }
                return status is "DONE" or "ERROR";
            },
            $"IACrea video {id} reaching DONE or ERROR", everyMilliseconds: 20);

        Assert.Equal(seen, Order.Where(seen.Contains));
        Assert.Equal("DONE", video["status"]!.GetValue<string>());
        var content = video["generatedContent"]!.AsArray();
        Assert.All(content, c => Assert.Equal("success", c!["status"]!.GetValue<string>()));
        Assert.Equal("CAMERA_PUSH_IN", content[1]!["effect"]!.GetValue<string>());
        Assert.True(video["creditsUsed"]!.GetValue<int>() > 0);
        using var anonymous = new HttpClient();
        var mp4 = await anonymous.GetByteArrayAsync(video["videoUrl"]!.GetValue<string>(), Ct);
        var info = await Media.ProbeAsync(mp4);
        Assert.Equal((1280, 720), (info.Width, info.Height));
        // 2 + 5 (the video sequence is capped at 5 s) + 3 + 2, less three 0.4 s crossfades.
        Assert.InRange(info.DurationSeconds, 10.5, 11.2);
        using (var before = SKBitmap.Decode(await anonymous.GetByteArrayAsync(content[2]!["url"]!.GetValue<string>(), Ct)))
        using (var after = SKBitmap.Decode(await anonymous.GetByteArrayAsync(content[3]!["url"]!.GetValue<string>(), Ct)))
        {
            Media.AssertClose(SKColors.Red, before.GetPixel(640, 360));
            Media.AssertClose(SKColors.Blue, after.GetPixel(640, 360));
        }

        var delivery = Assert.Single(await _receiver.WaitForAsync("/iacrea", 1));
        var hook = JsonNode.Parse(delivery.Body)!;
        Assert.Equal(("DONE", id), (hook["status"]!.GetValue<string>(), hook["id"]!.GetValue<string>()));
        Assert.Equal(video["videoUrl"]!.GetValue<string>()[..^40], hook["videoUrl"]!.GetValue<string>()[..^40]);
    }

    [Theory]
    [InlineData("CAMERA_PUSH_OUT", "zoom-out")]
    [InlineData("CAMERA_MOVE_RIGHT", "pan-right")]
    [InlineData("CAMERA_CRANE_UP", "pan-up")]
    [InlineData("CAMERA_ORBIT_LEFT", "pan-left")]
    public void CameraMoves_BecomeRealMotion(string animation, string motion)
    {
        var sequence = new JsonObject
        {
            ["order"] = 0, ["duration"] = 3, ["type"] = "video", ["animationType"] = animation,
            ["data"] = new JsonObject { ["url"] = "https://i.example/a.jpg" },
        };
        var timeline = IACreaRequest.Timeline(new JsonObject
        {
            ["format"] = "square", ["colors"] = new JsonArray("#000000", "#ffffff"), ["sequences"] = new JsonArray(sequence),
        });
        Assert.Equal(motion, timeline["scenes"]![0]!["background"]!["image"]!["motion"]!.GetValue<string>());
        Assert.Equal(720, timeline["output"]!["width"]!.GetValue<int>());
    }

    [Fact]
    public void AFailedSceneBeingMadeAgain_IsPending_WithAMessage()
    {
        var urls = (Reelforge.Server.Files.FileUrls)server.Services.GetService(typeof(Reelforge.Server.Files.FileUrls))!;
        var job = new Reelforge.Jobs.Job
        {
            Id = "video_x", AccountId = "a", Stage = Reelforge.Jobs.JobStage.GeneratingMedia, Retrying = true,
            Spec = new Reelforge.Jobs.VideoSpec { Prompt = "", Model = "m", Width = 1280, Height = 720 },
        };
        var body = IACreaApi.Body(job, urls, "http://h");
        Assert.Equal(("PENDING", "Re-generating video in error"), (body["status"]!.GetValue<string>(), body["message"]!.GetValue<string>()));
        Assert.Equal("GENERATING_VIDEO", IACreaApi.Body(job with { Retrying = false }, urls, "http://h")["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Errors_NameTheField_AndOnlyXApiKeyIsAccepted()
    {
        using var iacrea = IACrea();
        foreach (var (body, field) in new (object, string)[]
        {
            (Body([new { order = 0, duration = 3, type = "image", data = new { url = "https://i.example/a.jpg" } }], format: "round"), "video.format"),
            (Body([new { order = 0, duration = 3, type = "video", animationType = "CAMERA_BARREL_ROLL", data = new { url = "https://i.example/a.jpg" } }]), "video.sequences[0].animationType"),
            (Body([new { order = 0, duration = 9, type = "intro", data = new { title = "Too long" } }]), "video.sequences[0].duration"),
            (Body([new { order = 0, duration = 3, type = "image", data = new { } }]), "video.sequences[0].data.url"),
        })
        {
            var response = await iacrea.PostJsonAsync("video", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(field, (await response.JsonAsync())["field"]!.GetValue<string>());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await iacrea.GetAsync("video/nope", Ct)).StatusCode);
        using var bearer = server.Client();
        var refused = await bearer.GetAsync("compat/iacrea/api/video-editor/generate/video/nope", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(401, (await refused.JsonAsync())["statusCode"]!.GetValue<int>());
    }
}
