using Reelforge.Timelines;
using SkiaSharp;

namespace Reelforge.Rendering.Tests;

/// <summary>Every caption mode, read off frames at known word times: the emphasis is on the word being spoken.</summary>
public sealed class CaptionTests : RenderTestBase
{
    private const int W = 480, H = 270;

    // Four words, half a second each from 0.2 s; the highlight is magenta so nothing else matches it.
    private static readonly CaptionWord[] Words =
        [new("ONE", 0.2, 0.7), new("TWO", 0.7, 1.2), new("SIX", 1.2, 1.7), new("TEN", 1.7, 2.2)];

    private async Task<string> RenderAsync(Captions captions)
    {
        var timeline = TimelineResolver.Resolve(new Timeline
        {
            Output = new OutputSpec { Width = W, Height = H, Fps = 30 },
            Scenes =
            [
                new Scene
                {
                    Duration = 2.6,
                    Background = new Background { Color = "#202020" },
                    Layers = [new Layer { Type = "captions", Words = Words, Captions = captions with { Highlight = "#FF00FF", Color = "#FFFFFF" } }],
                },
            ],
        });
        return (await RenderClipsAsync(timeline))[0];
    }

    /// <summary>Magenta pixels: how many, their mean x and y, and how many white ones there are.</summary>
    private async Task<(int Count, double X, double Y, int White)> AccentAtAsync(string video, double seconds)
    {
        using var bitmap = SKBitmap.Decode(await FrameAtAsync(video, seconds));
        int count = 0, white = 0;
        double sx = 0, sy = 0;
        for (var y = 0; y < H; y++)
        {
            for (var x = 0; x < W; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red > 170 && c.Green < 100 && c.Blue > 170)
                {
                    (count, sx, sy) = (count + 1, sx + x, sy + y);
                }
                else if (c.Red > 200 && c.Green > 200 && c.Blue > 200)
                {
                    white++;
                }
            }
        }
        return (count, count == 0 ? 0 : sx / count, count == 0 ? 0 : sy / count, white);
    }

    [Theory]
    [InlineData("pop")]
    [InlineData("boxed")]
    [InlineData("karaoke")]
    public async Task TheSpokenWord_CarriesTheEmphasis_AndItMovesAlongTheLine(string mode)
    {
        var video = await RenderAsync(new Captions { Mode = mode, Words = 4 });

        var first = await AccentAtAsync(video, 0.6);
        var last = await AccentAtAsync(video, 2.1);

        Assert.True(first.Count > 15, $"{mode}: the first word is emphasised ({first.Count} pixels)");
        Assert.True(first.X < W / 2.0 - 30, $"{mode}: while the first word is spoken the emphasis is on the left (x = {first.X:0})");
        if (mode == "karaoke")
        {
            // Karaoke keeps the words already said filled: by the last word the whole line is lit.
            Assert.True(last.Count > first.Count * 3, $"karaoke fills word after word ({first.Count} then {last.Count})");
        }
        else
        {
            Assert.True(last.X > W / 2.0 + 30, $"{mode}: on the last word the emphasis is on the right (x = {last.X:0})");
        }
        Assert.True(first.Y > H * 0.6, $"{mode}: captions sit at the bottom by default (y = {first.Y:0})");
    }

    [Fact]
    public async Task Karaoke_FillsTheSpokenWord_AsItIsSaid()
    {
        var video = await RenderAsync(new Captions { Mode = "karaoke", Words = 4 });

        var early = await AccentAtAsync(video, 0.3);
        var late = await AccentAtAsync(video, 0.65);

        Assert.True(late.Count > early.Count * 1.5, $"the word fills while spoken ({early.Count} then {late.Count} pixels)");
    }

    [Fact]
    public async Task Highlight_LightsTheGroupBeingSpoken_OnALineOfTwoGroups()
    {
        var video = await RenderAsync(new Captions { Mode = "highlight", Words = 2 });

        var first = await AccentAtAsync(video, 0.5);
        var second = await AccentAtAsync(video, 1.9);

        Assert.True(first.X < W / 2.0 - 20 && second.X > W / 2.0 + 20, $"the lit group moves from left to right ({first.X:0} then {second.X:0})");
        Assert.True(first.White > 100 && second.White > 100, "the other group stays on the line, unlit");
    }

    [Fact]
    public async Task Word_ShowsOneBigWordAtATime_InTheMiddle()
    {
        var video = await RenderAsync(new Captions { Mode = "word" });

        var one = await AccentAtAsync(video, 0.5);
        var ten = await AccentAtAsync(video, 2.0);

        Assert.InRange(one.X, W / 2.0 - 25, W / 2.0 + 25);
        Assert.InRange(one.Y, H * 0.35, H * 0.65);
        Assert.InRange(ten.X, W / 2.0 - 25, W / 2.0 + 25);
        Assert.True(one.Count > 150, $"the word is big ({one.Count} pixels)");
    }

    [Fact]
    public async Task Plain_ShowsTheWords_WithoutEmphasis()
    {
        var video = await RenderAsync(new Captions { Mode = "plain" });

        var frame = await AccentAtAsync(video, 1.0);

        Assert.Equal(0, frame.Count);
        Assert.True(frame.White > 100, "the words are there");
    }

    [Fact]
    public async Task Captions_LeaveTheScreen_AfterTheLastWord()
    {
        var video = await RenderAsync(new Captions { Mode = "groups", Words = 4 });

        Assert.True((await AccentAtAsync(video, 1.0)).Count > 50);
        Assert.Equal(0, (await AccentAtAsync(video, 2.53)).Count);
        Assert.Equal(0, (await AccentAtAsync(video, 0.1)).Count);
    }

    [Fact]
    public async Task TopPosition_WithAnOffset_PutsThemNearTheTop()
    {
        var video = await RenderAsync(new Captions { Mode = "groups", Words = 4, Position = "top", Offset = 0.05 });

        var frame = await AccentAtAsync(video, 1.0);

        Assert.InRange(frame.Y, H * 0.08, H * 0.35);
    }
}
