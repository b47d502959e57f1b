using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Reelforge.Accounts;

namespace Reelforge.Server.Tests;

/// <summary>Every failure answers in OpenAI's envelope with the right status, type, param and code.</summary>
public sealed class ErrorTests(ServerFixture server)
{
    public static TheoryData<string, int, string?, string> BadCreates => new()
    {
        { """{"seconds":"4"}""", 400, "prompt", "missing_parameter" },
        { """{"prompt":"   "}""", 400, "prompt", "missing_parameter" },
        { """{"prompt":42}""", 400, "prompt", "invalid_value" },
        { """{"prompt":"x","seconds":"four"}""", 400, "seconds", "invalid_value" },
        { """{"prompt":"x","seconds":0}""", 400, "seconds", "invalid_value" },
        { """{"prompt":"x","seconds":61}""", 400, "seconds", "invalid_value" },
        { """{"prompt":"x","seconds":4.5}""", 400, "seconds", "invalid_value" },
        { """{"prompt":"x","size":"1280"}""", 400, "size", "invalid_value" },
        { """{"prompt":"x","size":"161x90"}""", 400, "size", "invalid_value" },
        { """{"prompt":"x","size":"4000x4000"}""", 400, "size", "invalid_value" },
        { """{"prompt":"x","model":"dall-e-9"}""", 400, "model", "model_not_found" },
        { """{"prompt":"x","input_reference":{"file_id":"file_123"}}""", 400, "input_reference", "invalid_value" },
        { """{"prompt":"x","input_reference":{"image_url":"ftp://host/a.png"}}""", 400, "input_reference", "invalid_value" },
        { """{"prompt":"x","input_reference":{"image_url":"data:image/png;base64,aGVsbG8="}}""", 400, "input_reference", "invalid_value" },
        { """{"prompt":"x","input_reference":"yes"}""", 400, "input_reference", "invalid_value" },
        { """{"prompt": "unterminated""", 400, null, "invalid_json" },
        { """["prompt"]""", 400, null, "invalid_json" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task Create_WithBadInput_Answers400NamingTheField(string body, int status, string? param, string code)
    {
        using var client = server.Client();

        var response = await client.PostAsync("v1/videos", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertErrorAsync(response, status, "invalid_request_error", param, code);
    }

    [Fact]
    public async Task Create_WithAnUnsupportedContentType_Answers415()
    {
        using var client = server.Client();

        var response = await client.PostAsync("v1/videos", new StringContent("prompt=x", Encoding.UTF8, "text/plain"));

        await AssertErrorAsync(response, 415, "invalid_request_error", null, "unsupported_media_type");
    }

    [Fact]
    public async Task Create_WithAnUploadOverTheLimit_Answers413()
    {
        using var client = server.Client();
        using var form = new MultipartFormDataContent { { new StringContent("Too big."), "prompt" } };
        var file = new ByteArrayContent(new byte[250_000]);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "input_reference", "big.png");

        var response = await client.PostAsync("v1/videos", form);

        await AssertErrorAsync(response, 413, "invalid_request_error", "input_reference", "payload_too_large");
    }

    [Fact]
    public async Task Create_WithADataUrlOverItsOwnLimit_Answers413NamingTheField()
    {
        // 60 kB decoded: under the 200 kB upload limit, over the 50 kB data URL limit.
        using var client = server.Client();
        var body = $$$"""{"prompt":"Too big.","input_reference":{"image_url":"data:image/png;base64,{{{Convert.ToBase64String(new byte[60_000])}}}"}}""";

        var response = await client.PostAsync("v1/videos", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertErrorAsync(response, 413, "invalid_request_error", "input_reference", "payload_too_large");
    }

    [Fact]
    public async Task Create_WithAnUploadThatIsNotAnImage_Answers400()
    {
        using var client = server.Client();
        using var form = new MultipartFormDataContent { { new StringContent("Not an image."), "prompt" } };
        form.Add(new ByteArrayContent("#!/bin/sh\necho hi"u8.ToArray()), "input_reference", "ref.png");

        var response = await client.PostAsync("v1/videos", form);

        await AssertErrorAsync(response, 400, "invalid_request_error", "input_reference", "invalid_value");
    }

    [Fact]
    public async Task Create_WithACorruptImage_IsRefusedUpFront_NotLeftToHangARender()
    {
        using var client = server.Client();
        // A valid PNG header over data that does not inflate.
        var corrupt = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgaPgPAAKAAX6wXMyjAAAAAElFTkSuQmCC";

        var response = await client.PostJsonAsync("v1/videos", new { prompt = "x", input_reference = new { image_url = corrupt } });

        await AssertErrorAsync(response, 400, "invalid_request_error", "input_reference", "invalid_value");
    }

    [Fact]
    public async Task Requests_WithoutAValidKey_Answer401()
    {
        using var anonymous = server.Client(key: null);
        using var wrong = server.Client("rf_not_a_real_key");
        using var notBearer = server.Client(key: null);
        notBearer.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", ServerFixture.DevKey);

        foreach (var client in new[] { anonymous, wrong, notBearer })
        {
            await AssertErrorAsync(await client.GetAsync("v1/videos"), 401, "authentication_error", null, "invalid_api_key");
        }
        await AssertErrorAsync(await anonymous.PostJsonAsync("v1/videos", new { prompt = "x" }), 401, "authentication_error", null, "invalid_api_key");
    }

    [Fact]
    public async Task A_KeyWithoutTheScope_Answers403()
    {
        using var reader = server.Client(await server.NewAccountKeyAsync(Scopes.VideosRead));

        var response = await reader.PostJsonAsync("v1/videos", new { prompt = "x" });

        await AssertErrorAsync(response, 403, "permission_error", null, "insufficient_scope");
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("v1/videos")).StatusCode);
    }

    [Fact]
    public async Task UnknownVideos_AndUnknownRoutes_Answer404()
    {
        using var client = server.Client();

        await AssertErrorAsync(await client.GetAsync("v1/videos/video_nope"), 404, "invalid_request_error", null, "not_found");
        await AssertErrorAsync(await client.GetAsync("v1/videos/video_nope/content"), 404, "invalid_request_error", null, "not_found");
        await AssertErrorAsync(await client.PostJsonAsync("v1/videos/video_nope/remix", new { prompt = "x" }), 404, "invalid_request_error", null, "not_found");
        await AssertErrorAsync(await client.DeleteAsync("v1/videos/video_nope"), 404, "invalid_request_error", null, "not_found");
        await AssertErrorAsync(await client.GetAsync("v1/nothing-here"), 404, "invalid_request_error", null, "not_found");
    }

    [Fact]
    public async Task UnfinishedVideos_Answer409_AndFailedOnes422()
    {
        using var client = server.Client();
        // Asked at once, before it can have finished.
        var running = await (await client.PostJsonAsync("v1/videos", new { prompt = "Still going.", seconds = 20, size = "640x360" })).JsonAsync();
        await AssertErrorAsync(await client.GetAsync($"v1/videos/{running["id"]}/content"), 409, "invalid_request_error", null, "video_not_ready");
        await AssertErrorAsync(await client.PostJsonAsync($"v1/videos/{running["id"]}/remix", new { prompt = "x" }), 409, "invalid_request_error", null, "video_not_ready");
        await client.DeleteAsync($"v1/videos/{running["id"]}");

        var failed = await client.CreateAndWaitAsync(new { prompt = "Doomed.", seconds = 1, size = "160x90", input_reference = new { image_url = "http://localhost:1/a.png" } });
        await AssertErrorAsync(await client.GetAsync($"v1/videos/{failed["id"]}/content"), 422, "invalid_request_error", null, "video_failed");
        await AssertErrorAsync(await client.PostJsonAsync("v1/videos/extensions", new { prompt = "x", video = new { id = failed["id"]!.GetValue<string>() } }), 422, "invalid_request_error", null, "video_failed");
    }

    [Theory]
    [InlineData("v1/videos?limit=0", "limit")]
    [InlineData("v1/videos?limit=101", "limit")]
    [InlineData("v1/videos?limit=ten", "limit")]
    [InlineData("v1/videos?order=sideways", "order")]
    public async Task List_WithBadQuery_Answers400(string path, string param)
    {
        using var client = server.Client();

        await AssertErrorAsync(await client.GetAsync(path), 400, "invalid_request_error", param, "invalid_value");
    }

    [Fact]
    public async Task Content_WithAnUnknownVariant_Answers400()
    {
        using var client = server.Client();
        var done = await client.CreateAndWaitAsync(new { prompt = "Variants.", seconds = 1, size = "160x90" });

        await AssertErrorAsync(await client.GetAsync($"v1/videos/{done["id"]}/content?variant=poster"), 400, "invalid_request_error", "variant", "invalid_value");
    }

    [Fact]
    public async Task Extension_WithoutASourceVideo_Answers400()
    {
        using var client = server.Client();

        await AssertErrorAsync(await client.PostJsonAsync("v1/videos/extensions", new { prompt = "x" }), 400, "invalid_request_error", "video[id]", "missing_parameter");
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, int status, string type, string? param, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.True(response.Headers.Contains("x-request-id"));
        var error = (JsonNode.Parse(body) as JsonObject)?["error"] as JsonObject;
        Assert.NotNull(error);
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
        Assert.Equal(type, error["type"]!.GetValue<string>());
        Assert.Equal(param, error["param"]?.GetValue<string>());
        Assert.Equal(code, error["code"]!.GetValue<string>());
        Assert.True(error.ContainsKey("param"), "param is always present, null when no field is at fault");
    }
}
