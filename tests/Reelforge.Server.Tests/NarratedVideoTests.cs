using System.Net;

namespace Reelforge.Server.Tests;

public sealed class NarratedVideoTests(ServerFixture server)
{
    [Fact]
    public async Task AStoryPrompt_IsNarrated_ItsLengthFollowsTheSpeech_AndSecondsReportIt()
    {
        using var client = server.Client();

        var done = await client.CreateAndWaitAsync(new { prompt = "A keeper climbs the stairs. The lamp turns all night.", size = "160x90", style = "story" });

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        Assert.Equal(2, done["scenes"]!.AsArray().Count);
        var duration = done["duration_seconds"]!.GetValue<double>();
        Assert.InRange(duration, 2, 8);
        Assert.Equal(((int)Math.Round(duration)).ToString(System.Globalization.CultureInfo.InvariantCulture), done["seconds"]!.GetValue<string>());
        var video = await client.GetByteArrayAsync($"v1/videos/{done["id"]}/content");
        Assert.True((await Media.ProbeAsync(video)).HasAudio);
    }

    [Fact]
    public async Task ATimelineWithNarration_AcceptsAutoScenes_AndRefusesAutoWithoutSpeech()
    {
        using var client = server.Client();

        var bad = await client.PostJsonAsync("v1/videos", new { timeline = new { scenes = new object[] { new { duration = "auto" } } } });
        var good = await client.CreateAndWaitAsync(new
        {
            timeline = new
            {
                output = new { width = 160, height = 90 },
                captions = new { mode = "groups", words = 2 },
                scenes = new object[] { new { duration = "auto", narration = new { text = "Hello from a timeline.", voice = "en-us+f3", rate = 200 } } },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("timeline.scenes[0].duration", (await bad.JsonAsync())["error"]!["param"]!.GetValue<string>());
        Assert.Equal("completed", good["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheSameSeed_GivesTheSamePalette_AndAnotherSeedAnother()
    {
        using var client = server.Client();

        async Task<SkiaSharp.SKColor> CornerAsync(int seed)
        {
            var done = await client.CreateAndWaitAsync(new { prompt = "Colours.", seconds = 1, size = "160x90", seed });
            return await Media.PixelAsync(await client.GetByteArrayAsync($"v1/videos/{done["id"]}/content"), 0.5, 2, 2);
        }

        var (a, again, other) = (await CornerAsync(1), await CornerAsync(1), await CornerAsync(2));
        Media.AssertClose(a, again, tolerance: 4);
        Assert.True(Math.Abs(a.Red - other.Red) + Math.Abs(a.Green - other.Green) + Math.Abs(a.Blue - other.Blue) > 30, $"{a} vs {other}");
    }

    [Fact]
    public async Task AnUnknownStyle_Answers400()
    {
        using var client = server.Client();

        var response = await client.PostJsonAsync("v1/videos", new { prompt = "x", style = "opera" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("style", (await response.JsonAsync())["error"]!["param"]!.GetValue<string>());
    }
}
