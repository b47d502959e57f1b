using System.Net;
using SkiaSharp;

namespace Reelforge.Server.Tests;

public sealed class TemplateApiTests(ServerFixture server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string DataUrl(SKColor color) => "data:image/png;base64," + Convert.ToBase64String(Media.SolidPng(64, 64, color));

    [Fact]
    public async Task TheLibrary_IsListed_WithTypedInputs()
    {
        using var client = server.Client();
        var list = await (await client.GetAsync("v1/templates", Ct)).JsonAsync();
        var ids = list["data"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).ToList();
        Assert.Superset(new HashSet<string> { "quote-card", "tweet-card", "image-slideshow", "narrated-story", "image-carousel", "property-listing" }, ids.ToHashSet());

        var quote = await (await client.GetAsync("v1/templates/quote-card", Ct)).JsonAsync();
        var variable = quote["variables"]!.AsArray().Single(v => v!["key"]!.GetValue<string>() == "quote")!;
        Assert.Equal(("text", true, 280), (variable["type"]!.GetValue<string>(), variable["required"]!.GetValue<bool>(), variable["max_length"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("v1/templates/nope", Ct)).StatusCode);
    }

    [Fact]
    public async Task ASlideshowTemplate_RendersOneSceneAnImage()
    {
        using var client = server.Client();
        var video = await client.CreateAndWaitAsync(new
        {
            template = "image-slideshow",
            inputs = new { images = new[] { DataUrl(SKColors.Red), DataUrl(SKColors.Blue) }, seconds_per_image = 1, transition = "cut" },
        });

        Assert.Equal("completed", video["status"]!.GetValue<string>());
        Assert.Equal(2, video["urls"]!["slides"]!.AsArray().Count);
        Assert.Equal(2.0, video["duration_seconds"]!.GetValue<double>(), precision: 1);
        using var anonymous = new HttpClient();
        var mp4 = await anonymous.GetByteArrayAsync(video["urls"]!["video"]!.GetValue<string>(), Ct);
        Media.AssertClose(SKColors.Red, await Media.PixelAsync(mp4, 0.5, 640, 360));
        Media.AssertClose(SKColors.Blue, await Media.PixelAsync(mp4, 1.5, 640, 360));
    }

    [Fact]
    public async Task BadInputs_Are400_NamingTheInput()
    {
        using var client = server.Client();
        var missing = await client.PostJsonAsync("v1/videos", new { template = "quote-card", inputs = new { author = "Nobody" } });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("inputs.quote", (await missing.JsonAsync())["error"]!["param"]!.GetValue<string>());

        var unknown = await client.PostJsonAsync("v1/videos", new { template = "no-such-template", inputs = new { } });
        Assert.Equal("template", (await unknown.JsonAsync())["error"]!["param"]!.GetValue<string>());
    }
}
