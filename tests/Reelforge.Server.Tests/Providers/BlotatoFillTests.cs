using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Providers;
using Reelforge.Templates;
using SkiaSharp;

namespace Reelforge.Server.Tests.Providers;

/// <summary>Blotato's "AI fills inputs" with providers configured: the script provider writes text, the library gives pictures.</summary>
public sealed class BlotatoFillTests(ProviderServer server) : IClassFixture<ProviderServer>
{
    private static readonly SKColor Yellow = new(0xF0, 0xD2, 0x1E);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Blotato()
    {
        var client = server.Client();
        client.DefaultRequestHeaders.Authorization = null;
        client.BaseAddress = new Uri(client.BaseAddress!, "compat/blotato/v2/");
        client.DefaultRequestHeaders.Add("blotato-api-key", ServerFixture.DevKey);
        return client;
    }

    [Fact]
    public async Task ASlideshowWithOnlyAPrompt_GetsItsPictureFromTheLibrary_WithNoNetworkForMedia()
    {
        server.Fake.Reset((call, _) => call.Path == "/v1/chat/completions" ? Wire.Chat("""{"title": "Lighthouses"}""") : null);
        using var blotato = Blotato();

        var created = await blotato.PostJsonAsync("videos/from-templates", new
        {
            templateId = "image-slideshow", inputs = new { seconds_per_image = 2 }, prompt = "A lighthouse at night.",
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync())["item"]!["id"]!.GetValue<string>();
        using var native = server.Client();
        var done = await native.WaitForVideoAsync(id);
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        // Only the script provider was asked (for the title); the picture came from the folder.
        Assert.All(server.Fake.Calls, c => Assert.Equal("/v1/chat/completions", c.Path));
        var video = await native.GetByteArrayAsync($"v1/videos/{id}/content", Ct);
        Media.AssertClose(Yellow, await Media.PixelAsync(video, 1.0, 4, 4), tolerance: 24);
    }

    [Fact]
    public async Task AQuoteCardWithOnlyAPrompt_IsWrittenByTheScriptProvider_AskedForTheTemplatesVariables()
    {
        server.Fake.Reset((call, _) => call.Path == "/v1/chat/completions"
            ? Wire.Chat("""{"quote": "Ships come home by the light.", "author": "Harbour master"}""") : null);
        var template = server.Services.GetRequiredService<TemplateLibrary>().Find("quote-card")!;

        var (inputs, gap, notes) = await server.Services.GetRequiredService<TemplateFiller>()
            .FillAsync(template, [], "Why lighthouses matter to sailors.", 720, 1280, Ct);

        Assert.Null(gap);
        Assert.Equal("Ships come home by the light.", inputs["quote"]!.GetValue<string>());
        Assert.Equal("Harbour master", inputs["author"]!.GetValue<string>());
        var asked = JsonNode.Parse(Assert.Single(server.Fake.At("/v1/chat/completions")).Body)!;
        var schema = asked["response_format"]!["json_schema"]!["schema"]!;
        Assert.Equal(["quote", "author"], schema["required"]!.AsArray().Select(k => k!.GetValue<string>()));
        var user = asked["messages"]!.AsArray()[1]!["content"]!.GetValue<string>();
        Assert.Contains("\"quote\": Quote", user, StringComparison.Ordinal);
        Assert.Contains("at most 280 characters", user, StringComparison.Ordinal);
        Assert.Contains("Why lighthouses matter to sailors.", user, StringComparison.Ordinal);
        Assert.Contains(notes, n => n.Contains("wrote 2 of 2 text inputs", StringComparison.Ordinal));

        // And through Blotato's route, to a finished video.
        using var blotato = Blotato();
        var created = await blotato.PostJsonAsync("videos/from-templates", new { templateId = "quote-card", inputs = new { seconds = 2 }, prompt = "Why lighthouses matter to sailors." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var native = server.Client();
        var done = await native.WaitForVideoAsync((await created.JsonAsync())["item"]!["id"]!.GetValue<string>());
        Assert.Equal("completed", done["status"]!.GetValue<string>());
    }
}
