using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using SkiaSharp;

namespace Reelforge.Server.Tests;

/// <summary>`POST /v1/videos/edits`, `POST /v1/videos/characters` and `GET /v1/videos/characters/{id}`, as the OpenAI SDK sends them.</summary>
public sealed class EditsAndCharactersTests(ServerFixture server)
{
    private static readonly SKColor Red = new(220, 30, 30);

    [Fact]
    public async Task Edit_RePlansTheSourceWithTheNewPrompt_KeepingItsSizeLengthAndFirstImage()
    {
        var client = server.Client();
        var png = Convert.ToBase64String(Media.SolidPng(160, 90, Red));
        var source = await client.CreateAndWaitAsync(new
        {
            prompt = "The source.", seconds = 2, size = "160x90", model = "sora-2-pro", theme = "paper",
            input_reference = new { image_url = $"data:image/png;base64,{png}" },
        });
        Assert.Equal("completed", source["status"]!.GetValue<string>());

        using var form = new MultipartFormDataContent { { new StringContent("The same, edited."), "prompt" }, { new StringContent(source["id"]!.GetValue<string>()), "video[id]" } };
        var response = await client.PostAsync("v1/videos/edits", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var edit = await response.JsonAsync();
        Assert.Equal("The same, edited.", edit["prompt"]!.GetValue<string>());
        Assert.Equal(source["id"]!.GetValue<string>(), edit["remixed_from_video_id"]!.GetValue<string>());
        Assert.Equal("sora-2-pro", edit["model"]!.GetValue<string>());
        Assert.Equal("2", edit["seconds"]!.GetValue<string>());
        Assert.Equal("160x90", edit["size"]!.GetValue<string>());

        // Deleting the source must not take the edit's first image with it.
        await client.DeleteAsync($"v1/videos/{source["id"]}");
        var done = await client.WaitForVideoAsync(edit["id"]!.GetValue<string>());
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var mp4 = await client.GetByteArrayAsync($"v1/videos/{edit["id"]}/content");
        // The source's first image fills the first scene (behind a scrim, so the picture is darker than the red).
        var pixel = await Media.PixelAsync(mp4, 0.1, 4, 4);
        Assert.True(pixel.Red > pixel.Green + 40 && pixel.Red > pixel.Blue + 40, $"the first frame is not the source's red image: {pixel}");
    }

    [Fact]
    public async Task Edit_WithoutASourceOrOfAnUnfinishedVideo_IsRefusedInOpenAisShape()
    {
        var client = server.Client();
        var missing = await client.PostJsonAsync("v1/videos/edits", new { prompt = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("video[id]", (await missing.JsonAsync())["error"]!["param"]!.GetValue<string>());

        var queued = await (await client.PostJsonAsync("v1/videos", new { prompt = "Not yet.", seconds = 1, size = "160x90" })).JsonAsync();
        var early = await client.PostJsonAsync("v1/videos/edits", new { prompt = "x", video = new { id = queued["id"]!.GetValue<string>() } });
        Assert.True(early.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.OK, $"{early.StatusCode}");
        var unknown = await client.PostJsonAsync("v1/videos/edits", new { prompt = "x", video = new { id = "video_missing" } });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Character_FromAClip_IsStoredRetrievableAndOpensAVideoThatCallsItByName()
    {
        var client = server.Client(await server.NewAccountKeyAsync());
        var clip = await client.GetByteArrayAsync($"v1/videos/{(await client.CreateAndWaitAsync(new { prompt = "A clip to become a character.", seconds = 1, size = "160x90" }))["id"]}/content");

        var created = await CreateCharacterAsync(client, "Maya", clip, "maya.mp4", "video/mp4");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var character = await created.JsonAsync();
        Assert.Matches("^char_[0-9a-f]{32}$", character["id"]!.GetValue<string>());
        Assert.Equal("Maya", character["name"]!.GetValue<string>());
        Assert.Equal("video", character["kind"]!.GetValue<string>());
        Assert.True(character["created_at"]!.GetValue<long>() > 1_700_000_000);

        var fetched = await (await client.GetAsync($"v1/videos/characters/{character["id"]}")).JsonAsync();
        Assert.Equal(character.ToJsonString(), fetched.ToJsonString());
        // Another account cannot see it.
        var stranger = server.Client(await server.NewAccountKeyAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"v1/videos/characters/{character["id"]}")).StatusCode);

        var video = await client.CreateAndWaitAsync(new { prompt = "@maya walks in. Then she waves.", seconds = 1, size = "160x90" });
        Assert.Equal("completed", video["status"]!.GetValue<string>());
        Assert.Equal(character["id"]!.GetValue<string>(), Assert.Single(video["characters"]!.AsArray())!.GetValue<string>());
        var plain = await client.CreateAndWaitAsync(new { prompt = "Nobody called @nobody here.", seconds = 1, size = "160x90" });
        Assert.Empty(plain["characters"]!.AsArray());
    }

    [Fact]
    public async Task Character_FromAnImage_IsKept_AndOtherFilesOrBadNamesAreRefused()
    {
        var client = server.Client();
        var image = await CreateCharacterAsync(client, "red_square", Media.SolidPng(64, 64, Red), "red.png", "image/png");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image", (await image.JsonAsync())["kind"]!.GetValue<string>());

        var text = await CreateCharacterAsync(client, "words", "not a video at all"u8.ToArray(), "notes.mp4", "video/mp4");
        Assert.Equal(HttpStatusCode.BadRequest, text.StatusCode);
        Assert.Equal("video", (await text.JsonAsync())["error"]!["param"]!.GetValue<string>());

        var badName = await CreateCharacterAsync(client, "two words", Media.SolidPng(8, 8, Red), "a.png", "image/png");
        Assert.Equal("name", (await badName.JsonAsync())["error"]!["param"]!.GetValue<string>());

        var tooBig = await CreateCharacterAsync(client, "big", new byte[300_000], "big.mp4", "video/mp4");
        Assert.True(tooBig.StatusCode is HttpStatusCode.RequestEntityTooLarge, $"{tooBig.StatusCode}");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("v1/videos/characters/char_00000000000000000000000000000000")).StatusCode);
    }

    private static Task<HttpResponseMessage> CreateCharacterAsync(HttpClient client, string name, byte[] bytes, string fileName, string type)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        var form = new MultipartFormDataContent { { new StringContent(name), "name" }, { file, "video", fileName } };
        return client.PostAsync("v1/videos/characters", form);
    }
}
