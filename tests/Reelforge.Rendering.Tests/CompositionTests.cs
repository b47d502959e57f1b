using Reelforge.Timelines;
using SkiaSharp;

namespace Reelforge.Rendering.Tests;

/// <summary>What the timeline says is what the frames show, checked pixel by pixel at tiny sizes.</summary>
public sealed class CompositionTests : RenderTestBase
{
    private static readonly OutputSpec Tiny = new() { Width = 160, Height = 90, Fps = 30 };

    private async Task<(string Video, double Duration)> RenderAsync(Timeline timeline)
    {
        timeline = TimelineResolver.Resolve(timeline);
        var clips = await RenderClipsAsync(timeline);
        var out_ = Directory.CreateDirectory(Path.Combine(Work, "out")).FullName;
        var video = await Renderer.ExportAsync(timeline, clips, out_, _ => ValueTask.CompletedTask, Ct);
        return (video.VideoPath, video.DurationSeconds);
    }

    [Fact]
    public async Task Crossfade_OverlapsTheScenes_SoTheVideoIsShorter_AndBlendsInTheMiddle()
    {
        var (video, duration) = await RenderAsync(new Timeline
        {
            Output = Tiny,
            Transition = new Transition { Type = "crossfade", Duration = 0.5 },
            Scenes =
            [
                new Scene { Duration = 1, Background = new Background { Color = "#FF0000" } },
                new Scene { Duration = 1, Background = new Background { Color = "#0000FF" } },
            ],
        });

        Assert.InRange(duration, 1.45, 1.56);
        AssertClose(new SKColor(255, 0, 0), PixelAt(await FrameAtAsync(video, 0.2), 80, 45));
        var middle = PixelAt(await FrameAtAsync(video, 0.75), 80, 45);
        Assert.True(middle.Red is > 60 and < 200 && middle.Blue is > 60 and < 200, $"mid-crossfade should mix red and blue, got {middle}");
        AssertClose(new SKColor(0, 0, 255), PixelAt(await FrameAtAsync(video, 1.35), 80, 45));
    }

    [Fact]
    public async Task FadeThroughBlack_IsDarkAtTheMiddleOfTheTransition()
    {
        var (video, _) = await RenderAsync(new Timeline
        {
            Output = Tiny,
            Scenes =
            [
                new Scene { Duration = 1, Background = new Background { Color = "#FFFFFF" }, Transition = new Transition { Type = "fade", Duration = 0.6 } },
                new Scene { Duration = 1, Background = new Background { Color = "#FFFFFF" } },
            ],
        });

        var middle = PixelAt(await FrameAtAsync(video, 0.7), 80, 45);
        Assert.True(middle.Red < 90, $"expected near black, got {middle}");
    }

    [Fact]
    public async Task WipeLeft_ShowsBothScenesSideBySide_DuringTheTransition()
    {
        var (video, _) = await RenderAsync(new Timeline
        {
            Output = Tiny,
            Scenes =
            [
                new Scene { Duration = 1, Background = new Background { Color = "#00FF00" }, Transition = new Transition { Type = "wipe-left", Duration = 0.6 } },
                new Scene { Duration = 1, Background = new Background { Color = "#FF00FF" } },
            ],
        });

        var frame = await FrameAtAsync(video, 0.7);
        var left = PixelAt(frame, 5, 45);
        var right = PixelAt(frame, 154, 45);
        Assert.NotEqual(left.Green > 128, right.Green > 128);
    }

    [Fact]
    public async Task Gradient_RunsFromOneColourToTheOther()
    {
        var (video, _) = await RenderAsync(new Timeline
        {
            Output = Tiny,
            Scenes = [new Scene { Duration = 0.5, Background = new Background { Gradient = new Gradient { From = "#000000", To = "#FFFFFF", Angle = 0 } } }],
        });

        var frame = await FrameAtAsync(video, 0.2);
        Assert.True(PixelAt(frame, 4, 45).Red < 40);
        Assert.True(PixelAt(frame, 155, 45).Red > 215);
        Assert.InRange(PixelAt(frame, 80, 45).Red, 90, 165);
    }

    [Fact]
    public async Task ZoomIn_MakesTheImageLargerOverTheScene()
    {
        var image = Path.Combine(Work, "target.png");
        using (var bitmap = new SKBitmap(320, 180))
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var paint = new SKPaint { Color = SKColors.Black };
            canvas.DrawRect(140, 70, 40, 40, paint);
            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            await File.WriteAllBytesAsync(image, data.ToArray(), Ct);
        }

        var (video, _) = await RenderAsync(new Timeline
        {
            Output = Tiny,
            Scenes = [new Scene { Duration = 1, Background = new Background { Image = new ImageFill { Src = image, Motion = "zoom-in", Zoom = 2 } } }],
        });

        static int DarkPixels(string frame)
        {
            using var bitmap = SKBitmap.Decode(frame);
            return Enumerable.Range(0, 160).SelectMany(x => Enumerable.Range(0, 90).Select(y => bitmap.GetPixel(x, y))).Count(c => c.Red < 100);
        }
        var early = DarkPixels(await FrameAtAsync(video, 0.05));
        var late = DarkPixels(await FrameAtAsync(video, 0.95));
        Assert.True(late > early * 2.5, $"the square should grow about 4x in area: {early} -> {late} dark pixels");
    }

    [Fact]
    public async Task ATimedLayer_ShowsOnlyBetweenItsStartAndEnd()
    {
        var logo = await SolidPngAsync("logo.png", 40, 40, new SKColor(255, 255, 0));

        var (video, _) = await RenderAsync(new Timeline
        {
            Output = Tiny,
            Scenes =
            [
                new Scene
                {
                    Duration = 1.5,
                    Background = new Background { Color = "#000080" },
                    Layers = [new Layer { Type = "image", Src = logo, Anchor = "center", Scale = 0.5, Start = 0.5, End = 1.0 }],
                },
            ],
        });

        AssertClose(new SKColor(0, 0, 0x80), PixelAt(await FrameAtAsync(video, 0.25), 80, 45));
        AssertClose(new SKColor(255, 255, 0), PixelAt(await FrameAtAsync(video, 0.75), 80, 45), tolerance: 20);
        AssertClose(new SKColor(0, 0, 0x80), PixelAt(await FrameAtAsync(video, 1.25), 80, 45));
    }

    [Fact]
    public async Task TextLayers_FollowTheirAnchor_AndCaptionsSitOnABox()
    {
        var (video, _) = await RenderAsync(new Timeline
        {
            Output = new OutputSpec { Width = 320, Height = 180, Fps = 30 },
            Scenes =
            [
                new Scene
                {
                    Duration = 0.5,
                    Background = new Background { Color = "#FFFFFF" },
                    Layers = [new Layer { Text = "Caption here", Style = "caption", Box = new TextBox("#000000", 1, 0.02) }],
                },
            ],
        });

        var frame = await FrameAtAsync(video, 0.2);
        AssertClose(new SKColor(255, 255, 255), PixelAt(frame, 160, 40));
        using var bitmap = SKBitmap.Decode(frame);
        var darkInBottomBand = Enumerable.Range(0, 320).SelectMany(x => Enumerable.Range(140, 35).Select(y => bitmap.GetPixel(x, y))).Count(c => c.Red < 40);
        Assert.True(darkInBottomBand > 500, $"expected the caption box at the bottom, found {darkInBottomBand} dark pixels");
    }

    [Theory]
    [InlineData("freeze", 0, 1.3, 0, 0, 255)]
    [InlineData("loop", 0, 1.3, 255, 0, 0)]
    [InlineData("freeze", 0.2, 0.05, 0, 0, 255)]
    public async Task AVideoBackground_IsTrimmed_AndFrozenOrLoopedToFillTheScene(string fill, double trim, double at, int r, int g, int b)
    {
        // 0.4 s: red for 0.2 s, then blue.
        var clip = Path.Combine(Work, "clip.mp4");
        await Runner.RunAsync(["-f", "lavfi", "-i", "color=c=red:s=160x90:r=30:d=0.2", "-f", "lavfi", "-i", "color=c=blue:s=160x90:r=30:d=0.2",
            "-filter_complex", "[0:v][1:v]concat=n=2:v=1[v]", "-map", "[v]", "-c:v", "libx264", "-pix_fmt", "yuv420p", clip], 0, Path.Combine(Work, "clip.log"), null, Ct);

        var (video, duration) = await RenderAsync(new Timeline
        {
            Output = Tiny,
            Scenes = [new Scene { Duration = 1.5, Background = new Background { Video = new VideoFill { Src = clip, Fill = fill, Trim = trim } } }],
        });

        Assert.InRange(duration, 1.45, 1.56);
        AssertClose(new SKColor((byte)r, (byte)g, (byte)b), PixelAt(await FrameAtAsync(video, at), 80, 45), tolerance: 40);
    }
}
