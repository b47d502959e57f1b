using System.Net;
using System.Net.Http.Headers;
using SkiaSharp;

namespace Reelforge.Server.Tests;

public sealed class VideoLifecycleTests(ServerFixture server)
{
    [Fact]
    public async Task Create_WithJson_RendersARealMp4_ThatDownloadsWithItsArtifacts()
    {
        using var client = server.Client();

        var created = await client.PostJsonAsync("v1/videos", new { prompt = "First light. A second scene follows.", seconds = "2", size = "160x90" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.StartsWith("req_", created.Headers.GetValues("x-request-id").Single(), StringComparison.Ordinal);
        var queued = await created.JsonAsync();
        Assert.StartsWith("video_", queued["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("video", "sora-2", "2", "160x90"), (queued["object"]!.GetValue<string>(), queued["model"]!.GetValue<string>(), queued["seconds"]!.GetValue<string>(), queued["size"]!.GetValue<string>()));
        Assert.True(queued["created_at"]!.GetValue<long>() > 1_700_000_000);

        var done = await client.WaitForVideoAsync(queued["id"]!.GetValue<string>());
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal(("completed", 100), (done["stage"]!.GetValue<string>(), done["progress"]!.GetValue<int>()));
        Assert.NotNull(done["completed_at"]);
        Assert.All(done["scenes"]!.AsArray(), s => Assert.Equal("succeeded", s!["status"]!.GetValue<string>()));
        Assert.Equal(2, done["scenes"]!.AsArray().Count);

        var content = await client.GetAsync($"v1/videos/{queued["id"]}/content");
        Assert.Equal("video/mp4", content.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", content.Content.Headers.ContentDisposition!.DispositionType);
        var mp4 = await content.Content.ReadAsByteArrayAsync();
        Assert.Equal(content.Content.Headers.ContentLength, mp4.Length);
        var info = await Media.ProbeAsync(mp4);
        Assert.Equal(("h264", 160, 90), (info.VideoCodec, info.Width, info.Height));
        Assert.InRange(info.DurationSeconds, 1.95, 2.1);
        Assert.InRange(done["duration_seconds"]!.GetValue<double>(), 1.95, 2.1);

        var thumbnail = await client.GetAsync($"v1/videos/{queued["id"]}/content?variant=thumbnail");
        Assert.Equal("image/webp", thumbnail.Content.Headers.ContentType!.MediaType);
        var sprites = await client.GetAsync($"v1/videos/{queued["id"]}/content?variant=spritesheet");
        Assert.Equal("image/jpeg", sprites.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(SKBitmap.Decode(await sprites.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Content_ServesByteRanges()
    {
        using var client = server.Client();
        var done = await client.CreateAndWaitAsync(new { prompt = "Ranges.", seconds = 1, size = "160x90" });
        var whole = await client.GetByteArrayAsync($"v1/videos/{done["id"]}/content");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"v1/videos/{done["id"]}/content");
        request.Headers.Range = new RangeHeaderValue(100, 199);
        var partial = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(whole[100..200], await partial.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Create_WithMultipart_UsesTheUploadedImageAsTheFirstFrame()
    {
        using var client = server.Client();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("A green field."), "prompt" },
            { new StringContent("1"), "seconds" },
            { new StringContent("160x90"), "size" },
            { new StringContent("sora-2-pro"), "model" },
        };
        var image = new ByteArrayContent(Media.SolidPng(320, 180, new SKColor(0x10, 0xB0, 0x40)));
        image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(image, "input_reference", "ref.png");

        var created = await (await client.PostAsync("v1/videos", form)).JsonAsync();
        var done = await client.WaitForVideoAsync(created["id"]!.GetValue<string>());

        Assert.Equal(("completed", "sora-2-pro"), (done["status"]!.GetValue<string>(), done["model"]!.GetValue<string>()));
        var video = await client.GetByteArrayAsync($"v1/videos/{created["id"]}/content");
        Media.AssertClose(new SKColor(0x10, 0xB0, 0x40), await Media.PixelAsync(video, 0.1, 2, 2));
    }

    [Fact]
    public async Task Create_WithANestedImageUrlKey_TakesADataUrlAsTheFirstFrame()
    {
        using var client = server.Client();
        var dataUrl = "data:image/png;base64," + Convert.ToBase64String(Media.SolidPng(16, 9, new SKColor(0xE0, 0x20, 0xC0)));
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Magenta."), "prompt" },
            { new StringContent("1"), "seconds" },
            { new StringContent("160x90"), "size" },
            { new StringContent(dataUrl), "input_reference[image_url]" },
        };

        var created = await (await client.PostAsync("v1/videos", form)).JsonAsync();
        var done = await client.WaitForVideoAsync(created["id"]!.GetValue<string>());

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var video = await client.GetByteArrayAsync($"v1/videos/{created["id"]}/content");
        Media.AssertClose(new SKColor(0xE0, 0x20, 0xC0), await Media.PixelAsync(video, 0.1, 2, 2));
    }

    [Fact]
    public async Task Create_WithAnImageUrlOnLoopback_FailsTheVideoWithTheGuardsReason()
    {
        using var client = server.Client();

        var done = await client.CreateAndWaitAsync(new
        {
            prompt = "Fetch me.", seconds = 1, size = "160x90",
            // A name, not a literal address (that is refused at create): the worker refuses it when connecting.
            input_reference = new { image_url = $"http://localhost:{server.BaseAddress.Port}/healthz" },
        });

        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Equal("asset_unavailable", done["error"]!["code"]!.GetValue<string>());
        Assert.Contains("not allowed", done["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_OfAnUnfinishedVideo_TellsPollersWhenToComeBack()
    {
        using var client = server.Client();
        var created = await (await client.PostJsonAsync("v1/videos", new { prompt = "Slow enough to poll.", seconds = 3, size = "640x360" })).JsonAsync();

        var first = await client.GetAsync($"v1/videos/{created["id"]}");
        Assert.Equal("2000", first.Headers.GetValues("openai-poll-after-ms").Single());

        await client.WaitForVideoAsync(created["id"]!.GetValue<string>());
        var last = await client.GetAsync($"v1/videos/{created["id"]}");
        Assert.False(last.Headers.Contains("openai-poll-after-ms"));
    }
}
