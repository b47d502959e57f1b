using System.Net;
using SkiaSharp;

namespace Reelforge.Server.Tests;

/// <summary>`theme` on the native create: a designed look from a prompt, and a clear 400 for a name it does not know.</summary>
public sealed class ThemeApiTests(ServerFixture server)
{
    [Fact]
    public async Task APromptWithATheme_IsPlannedInThatTheme_AndRendersItsGround()
    {
        using var client = server.Client();

        var done = await client.CreateAndWaitAsync(new { prompt = "Less is more. One good coffee beats three bad ones.", seconds = "2", size = "320x180", theme = "minimal", seed = 1 });

        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var video = await client.GetByteArrayAsync($"v1/videos/{done["id"]}/content");
        // Minimal's grounds are light (every palette's ground is near white); a corner shows it.
        var corner = await Media.PixelAsync(video, 0.5, 4, 4);
        Assert.True(corner.Red > 200 && corner.Green > 200 && corner.Blue > 200, $"expected a light ground, got {corner}");
    }

    [Fact]
    public async Task AnUnknownTheme_Is400_NamingEveryTheme()
    {
        using var client = server.Client();

        var response = await client.PostJsonAsync("v1/videos", new { prompt = "Hello.", theme = "gothic" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.JsonAsync())["error"]!;
        Assert.Equal("theme", error["param"]!.GetValue<string>());
        foreach (var name in new[] { "bold", "minimal", "neon", "paper", "corporate" })
        {
            Assert.Contains(name, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }
}
