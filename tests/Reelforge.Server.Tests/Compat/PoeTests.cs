using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Reelforge.Server.Tests.Compat;

/// <summary>Poe's dialect (seed: poe-get-video.txt; dialects.md section 2) over real HTTP.</summary>
public sealed class PoeTests(ServerFixture server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Poe(string? key = ServerFixture.DevKey)
    {
        var client = server.Client(key);
        client.BaseAddress = new Uri(server.BaseAddress, "compat/poe/v1/");
        return client;
    }

    [Fact]
    public async Task CreatePollDownload_WithTheSeedsFieldsAndTypes()
    {
        using var poe = Poe();
        var created = await (await poe.PostJsonAsync("videos", new { model = "Sora-2", prompt = "Poe asks. Reelforge renders.", seconds = 2, size = "160x90" })).JsonAsync();
        Assert.Equal("queued", created["status"]!.GetValue<string>());
        Assert.Equal(2, created["seconds"]!.GetValue<int>());
        Assert.Null(created["usage"]);

        var id = created["id"]!.GetValue<string>();
        var video = await HttpExtensions.PollUntilAsync(
            async () => await (await poe.GetAsync($"videos/{id}", Ct)).JsonAsync(),
            v => v["status"]!.GetValue<string>() is not ("queued" or "in_progress"),
            $"Poe video {id} finishing");

        // Every field of Poe's table, with its type.
        Assert.Equal(id, video["id"]!.GetValue<string>());
        Assert.Equal("video", video["object"]!.GetValue<string>());
        Assert.Equal("completed", video["status"]!.GetValue<string>());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, JsonValueKind(video["created_at"]));
        Assert.True(video["completed_at"]!.GetValue<long>() >= video["created_at"]!.GetValue<long>());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, JsonValueKind(video["expires_at"]));
        Assert.Equal("Sora-2", video["model"]!.GetValue<string>());
        Assert.Equal(System.Text.Json.JsonValueKind.Number, JsonValueKind(video["seconds"]));
        Assert.Equal("160x90", video["size"]!.GetValue<string>());
        Assert.Equal(100, video["progress"]!.GetValue<int>());
        Assert.True(video.ContainsKey("remixed_from_video_id"));
        Assert.Null(video["error"]);
        Assert.Equal(2, video["usage"]!["seconds"]!.GetValue<int>());

        var mp4 = await poe.GetAsync($"videos/{id}/content", Ct);
        Assert.Equal("video/mp4", mp4.Content.Headers.ContentType!.MediaType);
        Assert.Equal("image/webp", (await poe.GetAsync($"videos/{id}/content?variant=thumbnail", Ct)).Content.Headers.ContentType!.MediaType);
        Assert.Equal("image/jpeg", (await poe.GetAsync($"videos/{id}/content?variant=spritesheet", Ct)).Content.Headers.ContentType!.MediaType);

        // The same video, read natively.
        var native = await (await server.Client().GetAsync($"v1/videos/{id}", Ct)).JsonAsync();
        Assert.Equal("2", native["seconds"]!.GetValue<string>());

        var remix = await (await poe.PostJsonAsync($"videos/{id}/remix", new { prompt = "Again, remixed." })).JsonAsync();
        Assert.Equal(id, remix["remixed_from_video_id"]!.GetValue<string>());
        var extension = await (await poe.PostJsonAsync("videos/extensions", new { video = new { id }, prompt = "And more.", seconds = 1 })).JsonAsync();
        Assert.Equal(3, extension["seconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task Veo_DefaultsToEightSeconds_AndModelIsRequired()
    {
        using var poe = Poe();
        var veo = await (await poe.PostJsonAsync("videos", new { model = "Veo-3", prompt = "Eight seconds.", size = "160x90" })).JsonAsync();
        Assert.Equal(8, veo["seconds"]!.GetValue<int>());
        await poe.DeleteAsync($"videos/{veo["id"]}", Ct);

        var missing = await poe.PostJsonAsync("videos", new { prompt = "No model." });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var error = (await missing.JsonAsync())["error"]!;
        Assert.Equal(("invalid_request_error", "missing_parameter"), (error["type"]!.GetValue<string>(), error["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Errors_CarryPoesTypes()
    {
        using var poe = Poe();
        using var wrongKey = Poe("rf_not_a_key");
        using var otherHeader = Poe(null);
        otherHeader.DefaultRequestHeaders.Add("x-api-key", ServerFixture.DevKey);

        foreach (var (response, status, type) in new[]
        {
            (await poe.GetAsync("videos/video_missing", Ct), 404, "not_found"),
            (await wrongKey.GetAsync("videos/video_missing", Ct), 401, "authentication_error"),
            (await otherHeader.GetAsync("videos/video_missing", Ct), 401, "authentication_error"),
            (await poe.PostJsonAsync("videos", new { model = "Sora-2", prompt = "x", seconds = 0 }), 400, "invalid_request_error"),
            (await poe.GetAsync("nothing/here", Ct), 404, "not_found"),
        })
        {
            Assert.Equal((HttpStatusCode)status, response.StatusCode);
            Assert.Equal(type, (await response.JsonAsync())["error"]!["type"]!.GetValue<string>());
        }
        var bad = await (await poe.PostJsonAsync("videos", new { model = "Sora-2", prompt = "x", seconds = 0 })).JsonAsync();
        Assert.Equal("invalid_parameter", bad["error"]!["code"]!.GetValue<string>());
    }

    private static System.Text.Json.JsonValueKind JsonValueKind(JsonNode? node) => node?.GetValueKind() ?? System.Text.Json.JsonValueKind.Null;
}
