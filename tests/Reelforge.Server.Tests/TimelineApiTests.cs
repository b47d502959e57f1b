using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SkiaSharp;

namespace Reelforge.Server.Tests;

public sealed class TimelineApiTests(ServerFixture server)
{
    [Fact]
    public async Task Create_WithATimeline_RendersItsScenes_AtItsSizeAndLength()
    {
        using var client = server.Client();
        var logo = "data:image/png;base64," + Convert.ToBase64String(Media.SolidPng(8, 8, new SKColor(255, 255, 0)));

        var done = await client.CreateAndWaitAsync(new
        {
            timeline = new
            {
                output = new { width = 192, height = 108, fps = 25 },
                transition = new { type = "crossfade", duration = 0.4 },
                scenes = new object[]
                {
                    new { duration = 1.2, background = new { color = "#C00000" }, layers = new object[] { new { text = "One" } } },
                    new { duration = 1.2, background = new { color = "#0000C0" }, layers = new object[] { new { type = "image", src = logo, anchor = "center", scale = 0.5 } } },
                },
            },
        });

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal(("192x108", "2"), (done["size"]!.GetValue<string>(), done["seconds"]!.GetValue<string>()));
        Assert.Null(done["prompt"]);
        var video = await client.GetByteArrayAsync($"v1/videos/{done["id"]}/content");
        var info = await Media.ProbeAsync(video);
        Assert.Equal((192, 108, 25.0), (info.Width, info.Height, info.Fps));
        Assert.InRange(info.DurationSeconds, 1.95, 2.1);
        Media.AssertClose(new SKColor(255, 255, 0), await Media.PixelAsync(video, 1.8, 96, 54), tolerance: 24);
    }

    [Fact]
    public async Task Create_WithABadTimeline_Answers400_ListingEveryProblemWithItsPath()
    {
        using var client = server.Client();

        var response = await client.PostJsonAsync("v1/videos", new
        {
            timeline = new { output = new { fps = 29 }, scenes = new object[] { new { duration = -1, background = new { color = "blue" } } } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.JsonAsync())["error"]!;
        Assert.Equal(("invalid_timeline", "timeline.output.fps"), (error["code"]!.GetValue<string>(), error["param"]!.GetValue<string>()));
        var message = error["message"]!.GetValue<string>();
        Assert.Contains("3 problems", message, StringComparison.Ordinal);
        Assert.Contains("timeline.scenes[0].duration", message, StringComparison.Ordinal);
        Assert.Contains("timeline.scenes[0].background.color", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"timeline":{"scenes":[{"duration":1,"background":{"colour":"#FFFFFF"}}]}}""", "timeline.scenes[0].background.colour")]
    [InlineData("""{"timeline":{"scenes":[{"duration":"long"}]}}""", "timeline.scenes[0].duration")]
    [InlineData("""{"timeline":{"scenes":"none"}}""", "timeline.scenes")]
    [InlineData("""{"timeline":[1,2]}""", "timeline")]
    public async Task Create_WithAMisshapenTimeline_Answers400_AtTheField(string body, string param)
    {
        using var client = server.Client();

        var response = await client.PostAsync("v1/videos", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.JsonAsync())["error"]!.AsObject();
        Assert.Equal(param, error["param"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_WithATimelineInMultipart_TakesItAsAJsonString()
    {
        using var client = server.Client();
        var timeline = new JsonObject
        {
            ["output"] = new JsonObject { ["width"] = 160, ["height"] = 90 },
            ["scenes"] = new JsonArray(new JsonObject { ["duration"] = 1, ["background"] = new JsonObject { ["color"] = "#00A000" } }),
        };
        using var form = new MultipartFormDataContent { { new StringContent(timeline.ToJsonString()), "timeline" } };

        var created = await (await client.PostAsync("v1/videos", form)).JsonAsync();
        var done = await client.WaitForVideoAsync(created["id"]!.GetValue<string>());

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var video = await client.GetByteArrayAsync($"v1/videos/{created["id"]}/content");
        Media.AssertClose(new SKColor(0, 0xA0, 0), await Media.PixelAsync(video, 0.5, 80, 45));
    }
}
