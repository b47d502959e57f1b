using System.Diagnostics;
using System.Net;
using SkiaSharp;

namespace Reelforge.Server.Tests;

public sealed class VideoOperationsTests(ServerFixture server)
{
    [Fact]
    public async Task List_PagesWithACursor_NewestFirstByDefault_OrOldestFirst()
    {
        using var client = server.Client(await server.NewAccountKeyAsync());
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await (await client.PostJsonAsync("v1/videos", new { prompt = $"Video {i}.", seconds = 1, size = "160x90" })).JsonAsync())["id"]!.GetValue<string>());
        }

        var page1 = await (await client.GetAsync("v1/videos?limit=2")).JsonAsync();
        var page2 = await (await client.GetAsync($"v1/videos?limit=2&after={page1["last_id"]}")).JsonAsync();
        var ascending = await (await client.GetAsync("v1/videos?order=asc")).JsonAsync();

        Assert.Equal("list", page1["object"]!.GetValue<string>());
        Assert.Equal([ids[2], ids[1]], page1["data"]!.AsArray().Select(v => v!["id"]!.GetValue<string>()));
        Assert.Equal((ids[2], ids[1], true), (page1["first_id"]!.GetValue<string>(), page1["last_id"]!.GetValue<string>(), page1["has_more"]!.GetValue<bool>()));
        Assert.Equal([ids[0]], page2["data"]!.AsArray().Select(v => v!["id"]!.GetValue<string>()));
        Assert.False(page2["has_more"]!.GetValue<bool>());
        Assert.Equal(ids, ascending["data"]!.AsArray().Select(v => v!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Remix_MakesANewVideoFromACompletedOne_WithANewPrompt()
    {
        using var client = server.Client();
        var source = await client.CreateAndWaitAsync(new { prompt = "The original.", seconds = 1, size = "160x90" });

        var remix = await (await client.PostJsonAsync($"v1/videos/{source["id"]}/remix", new { prompt = "The remix." })).JsonAsync();
        var done = await client.WaitForVideoAsync(remix["id"]!.GetValue<string>());

        Assert.NotEqual(source["id"]!.GetValue<string>(), remix["id"]!.GetValue<string>());
        Assert.Equal(source["id"]!.GetValue<string>(), done["remixed_from_video_id"]!.GetValue<string>());
        Assert.Equal(("completed", "The remix.", "1", "160x90"), (done["status"]!.GetValue<string>(), done["prompt"]!.GetValue<string>(), done["seconds"]!.GetValue<string>(), done["size"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Extension_PlaysTheSourceThenContinuesFromItsLastFrame_AndReportsTheTotalLength()
    {
        using var client = server.Client();
        var source = await client.CreateAndWaitAsync(new { prompt = "Part one.", seconds = 2, size = "160x90" });
        var sourceVideo = await client.GetByteArrayAsync($"v1/videos/{source["id"]}/content");

        // The SDK sends extensions as multipart with a bracketed `video[id]`.
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Part two."), "prompt" },
            { new StringContent("1"), "seconds" },
            { new StringContent(source["id"]!.GetValue<string>()), "video[id]" },
        };
        var extension = await (await client.PostAsync("v1/videos/extensions", form)).JsonAsync();
        var done = await client.WaitForVideoAsync(extension["id"]!.GetValue<string>());

        Assert.Equal(("completed", "3"), (done["status"]!.GetValue<string>(), done["seconds"]!.GetValue<string>()));
        var video = await client.GetByteArrayAsync($"v1/videos/{extension["id"]}/content");
        Assert.InRange((await Media.ProbeAsync(video)).DurationSeconds, 2.95, 3.1);
        // The added part starts on the source's last frame: its corner has the source's final background.
        Media.AssertClose(await Media.PixelAsync(sourceVideo, 1.95, 2, 2), await Media.PixelAsync(video, 2.05, 2, 2));
        Media.AssertClose(await Media.PixelAsync(sourceVideo, 0.2, 2, 2), await Media.PixelAsync(video, 0.2, 2, 2));
    }

    [Fact]
    public async Task Delete_OfACompletedVideo_RemovesItAndItsFiles()
    {
        using var client = server.Client();
        var done = await client.CreateAndWaitAsync(new { prompt = "Short-lived.", seconds = 1, size = "160x90" });

        var deleted = await (await client.DeleteAsync($"v1/videos/{done["id"]}")).JsonAsync();

        Assert.Equal((done["id"]!.GetValue<string>(), "video.deleted", true), (deleted["id"]!.GetValue<string>(), deleted["object"]!.GetValue<string>(), deleted["deleted"]!.GetValue<bool>()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"v1/videos/{done["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"v1/videos/{done["id"]}/content")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"v1/videos/{done["id"]}")).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(server.DataDirectory, "blobs", "jobs", done["id"]!.GetValue<string>())));
    }

    [Fact]
    public async Task Delete_OfAVideoBeingRendered_CancelsItFirst_AndFfmpegStops()
    {
        using var client = server.Client();
        var created = await (await client.PostJsonAsync("v1/videos", new { prompt = "A long render that will be stopped.", seconds = 60, size = "1280x720" })).JsonAsync();
        var id = created["id"]!.GetValue<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!FfmpegRunningFor(id))
        {
            Assert.True(DateTime.UtcNow < deadline, "FFmpeg never started");
            await Task.Delay(50);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"v1/videos/{id}")).StatusCode);
        // The delete cancels in this process, which kills FFmpeg's tree; how fast is measured in bench/, not here.
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (FfmpegRunningFor(id))
        {
            Assert.True(DateTime.UtcNow < deadline, "FFmpeg still running 30 s after the delete");
            await Task.Delay(50);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"v1/videos/{id}")).StatusCode);
    }

    [Fact]
    public async Task IdempotencyKey_ReturnsTheSameVideo_ForTheSameAccountOnly()
    {
        using var mine = server.Client();
        using var theirs = server.Client(await server.NewAccountKeyAsync());
        var key = Guid.NewGuid().ToString();

        async Task<string> CreateAsync(HttpClient client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/videos") { Content = System.Net.Http.Json.JsonContent.Create(new { prompt = "Once.", seconds = 1, size = "160x90" }) };
            request.Headers.Add("Idempotency-Key", key);
            return (await (await client.SendAsync(request)).JsonAsync())["id"]!.GetValue<string>();
        }

        var first = await CreateAsync(mine);
        var again = await CreateAsync(mine);
        var other = await CreateAsync(theirs);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task AnotherAccountsVideo_IsNotFound_Everywhere()
    {
        using var owner = server.Client();
        using var stranger = server.Client(await server.NewAccountKeyAsync());
        var video = await owner.CreateAndWaitAsync(new { prompt = "Private.", seconds = 1, size = "160x90" });
        var id = video["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"v1/videos/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"v1/videos/{id}/content")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostJsonAsync($"v1/videos/{id}/remix", new { prompt = "Mine now." })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostJsonAsync("v1/videos/extensions", new { prompt = "More.", seconds = 1, video = new { id } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"v1/videos/{id}")).StatusCode);
        Assert.Empty((await (await stranger.GetAsync("v1/videos")).JsonAsync())["data"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"v1/videos/{id}")).StatusCode);
    }

    [Fact]
    public async Task Health_And_Readiness_Answer()
    {
        using var client = server.Client(key: null);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("healthz")).StatusCode);
        var ready = await (await client.GetAsync("readyz")).JsonAsync();
        Assert.Equal(("ok", "ok", "ok"), (ready["status"]!.GetValue<string>(), ready["checks"]!["database"]!.GetValue<string>(), ready["checks"]!["ffmpeg"]!.GetValue<string>()));
    }

    private static bool FfmpegRunningFor(string id) =>
        Process.GetProcessesByName("ffmpeg").Any(p =>
        {
            try
            {
                return File.ReadAllText($"/proc/{p.Id}/cmdline").Contains(id, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        });
}
