using Reelforge.Timelines;
using SkiaSharp;

namespace Reelforge.Rendering.Tests;

/// <summary>Motion is real: frames sampled at known times show each preset doing what it says.</summary>
public sealed class MotionTests : RenderTestBase
{
    private static readonly OutputSpec Small = new() { Width = 320, Height = 180, Fps = 30 };
    private static readonly SKColor Ground = new(0x10, 0x10, 0x40);

    /// <summary>Where a layer's ink is: pixels that differ clearly from the plain background.</summary>
    private sealed record Ink(int Count, double CentreX, double CentreY, int Left, int Right, double Brightness);

    private static Ink InkOf(string png)
    {
        using var bitmap = SKBitmap.Decode(png);
        int count = 0, left = int.MaxValue, right = -1;
        double sx = 0, sy = 0, light = 0;
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                var distance = Math.Abs(c.Red - Ground.Red) + Math.Abs(c.Green - Ground.Green) + Math.Abs(c.Blue - Ground.Blue);
                if (distance > 60)
                {
                    count++;
                    sx += x;
                    sy += y;
                    light += (c.Red + c.Green + c.Blue) / 3.0;
                    (left, right) = (Math.Min(left, x), Math.Max(right, x));
                }
            }
        }
        return count == 0 ? new Ink(0, 0, 0, 0, 0, 0) : new Ink(count, sx / count, sy / count, left, right, light / count);
    }

    private Task<string> RenderAsync(params Layer[] layers) => RenderAsync(Small, layers);

    private async Task<string> RenderAsync(OutputSpec output, params Layer[] layers)
    {
        var timeline = TimelineResolver.Resolve(new Timeline
        {
            Output = output,
            Scenes = [new Scene { Duration = 2, Background = new Background { Color = "#101040" }, Layers = layers }],
        });
        return (await RenderClipsAsync(timeline))[0];
    }

    private async Task<Ink[]> InkAtAsync(string video, params double[] seconds)
    {
        var inks = new Ink[seconds.Length];
        for (var i = 0; i < seconds.Length; i++)
        {
            inks[i] = InkOf(await FrameAtAsync(video, seconds[i]));
        }
        return inks;
    }

    private static Layer Title(Animate? animate) => new() { Text = "HELLO", Style = "title", Size = 0.2, Color = "#FFFFFF", Shadow = false, Animate = animate };

    [Fact]
    public async Task SlideUp_RisesIntoPlace_WhileFadingIn_ThenHoldsStill()
    {
        var video = await RenderAsync(Title(new Animate { In = new Animation { Type = "slide-up", Duration = 0.6 } }));
        var ink = await InkAtAsync(video, 0.1, 0.2, 0.8, 1.5);

        Assert.True(ink[0].CentreY > ink[1].CentreY + 1 && ink[1].CentreY > ink[2].CentreY + 0.5, $"should rise: {ink[0].CentreY:0.0} → {ink[1].CentreY:0.0} → {ink[2].CentreY:0.0}");
        Assert.True(ink[0].Brightness < ink[2].Brightness - 20, $"should fade in: {ink[0].Brightness:0} → {ink[2].Brightness:0}");
        Assert.Equal(ink[2].CentreY, ink[3].CentreY, 0.2);
    }

    [Theory]
    [InlineData("slide-down", 0, -1)]
    [InlineData("slide-left", 1, 0)]
    [InlineData("slide-right", -1, 0)]
    public async Task Slides_ComeFromTheSideTheyName(string slide, int fromX, int fromY)
    {
        var video = await RenderAsync(Title(new Animate { In = new Animation { Type = slide, Duration = 0.6 } }));
        var ink = await InkAtAsync(video, 0.1, 1.0);

        Assert.Equal(fromX, Math.Sign(Math.Round(ink[0].CentreX - ink[1].CentreX)));
        Assert.Equal(fromY, Math.Sign(Math.Round(ink[0].CentreY - ink[1].CentreY)));
    }

    [Fact]
    public async Task Bounce_DropsFromAbove_AndLandsInPlace()
    {
        var video = await RenderAsync(Title(new Animate { In = new Animation { Type = "bounce", Duration = 0.8 } }));
        var ink = await InkAtAsync(video, 0.1, 1.2, 1.8);

        Assert.True(ink[0].CentreY < ink[1].CentreY - 10, $"starts above: {ink[0].CentreY:0.0} vs {ink[1].CentreY:0.0}");
        Assert.Equal(ink[1].CentreY, ink[2].CentreY, 0.2);
    }

    [Fact]
    public async Task Zoom_Grows()
    {
        var zoom = await InkAtAsync(await RenderAsync(Title(new Animate { In = new Animation { Type = "zoom", Duration = 0.8 } })), 0.15, 1.2);

        Assert.True(zoom[0].Right - zoom[0].Left < (zoom[1].Right - zoom[1].Left) * 0.95, $"zoom starts smaller: {zoom[0].Right - zoom[0].Left} vs {zoom[1].Right - zoom[1].Left}");
    }

    [Fact]
    public async Task Blur_Sharpens()
    {
        var blur = await RenderAsync(new OutputSpec { Width = 640, Height = 360, Fps = 30 }, Title(new Animate { In = new Animation { Type = "blur", Duration = 0.8 } }));
        // Sharp letters are mostly solid inside their outline; blurred ones are mostly soft edge.
        static double Solid(SKBitmap b)
        {
            var reds = Enumerable.Range(0, b.Width).SelectMany(x => Enumerable.Range(0, b.Height).Select(y => (int)b.GetPixel(x, y).Red)).ToList();
            var top = reds.Max();
            return (double)reds.Count(r => r > top * 0.8) / Math.Max(1, reds.Count(r => r > Ground.Red + (top - Ground.Red) * 0.2));
        }
        using var soft = SKBitmap.Decode(await FrameAtAsync(blur, 0.25));
        using var sharp = SKBitmap.Decode(await FrameAtAsync(blur, 1.2));
        Assert.True(Solid(soft) < Solid(sharp) * 0.8, $"blurred letters are softer: {Solid(soft):0.00} vs {Solid(sharp):0.00} solid");
    }

    [Fact]
    public async Task Lines_AppearOneByOne()
    {
        var layer = new Layer { Text = "ONE\nTWO\nSIX", Style = "body", Size = 0.1, Color = "#FFFFFF", Shadow = false, Animate = new Animate { In = new Animation { Type = "lines", Duration = 0.9 } } };
        var ink = await InkAtAsync(await RenderAsync(layer), 0.1, 0.45, 1.5);

        Assert.True(ink[0].Count > 0 && ink[0].Count < ink[1].Count && ink[1].Count < ink[2].Count, $"{ink[0].Count} → {ink[1].Count} → {ink[2].Count}");
        Assert.True(ink[0].CentreY < ink[2].CentreY, "the first line is the top one");
    }

    [Fact]
    public async Task FadeOut_DimsTheLayer_BeforeTheSceneEnds()
    {
        var video = await RenderAsync(Title(new Animate { Out = new Animation { Type = "fade", Duration = 0.6 } }));
        var ink = await InkAtAsync(video, 0.5, 1.7, 1.93);

        Assert.True(ink[1].Brightness < ink[0].Brightness - 20 || ink[1].Count < ink[0].Count / 2, $"should dim: {ink[0]} then {ink[1]}");
        // An ease-in exit speeds up as it goes: most of the fading is in its last frames.
        Assert.True(ink[2].Brightness < ink[0].Brightness * 0.6, $"should be mostly gone at the end: {ink[2].Brightness:0} of {ink[0].Brightness:0}");
    }

    [Fact]
    public async Task Pop_GrowsFromSmall_OvershootsAndSettles()
    {
        var video = await RenderAsync(Title(new Animate { In = new Animation { Type = "pop", Duration = 0.6 } }));
        var ink = await InkAtAsync(video, 0.1, 0.4, 1.2);
        double Width(Ink i) => i.Right - i.Left;

        Assert.True(Width(ink[0]) < Width(ink[2]) * 0.85, $"should start small: {Width(ink[0])} vs {Width(ink[2])}");
        Assert.True(Width(ink[1]) > Width(ink[2]), $"should overshoot past its size mid-way: {Width(ink[1])} vs {Width(ink[2])}");
        Assert.Equal(ink[2].CentreX, ink[0].CentreX, 3.0);
    }

    [Theory]
    [InlineData("typewriter")]
    [InlineData("words")]
    public async Task Reveals_InkGrowsPieceByPiece(string reveal)
    {
        var layer = new Layer { Text = "ONE TWO THREE FOUR", Style = "body", Size = 0.1, Color = "#FFFFFF", Shadow = false, Animate = new Animate { In = new Animation { Type = reveal, Duration = 1.2 } } };
        var video = await RenderAsync(layer);
        var ink = await InkAtAsync(video, 0.1, 0.4, 0.7, 1.6);

        Assert.True(ink[0].Count < ink[1].Count && ink[1].Count < ink[2].Count && ink[2].Count < ink[3].Count,
            $"ink should grow: {string.Join(" → ", ink.Select(i => i.Count))}");
        Assert.True(ink[0].Count > 0, "the first piece shows early");
    }

    [Fact]
    public async Task LayerWithoutAnimation_DoesNotMove()
    {
        var video = await RenderAsync(Title(null));
        var ink = await InkAtAsync(video, 0.05, 1.0, 1.9);

        Assert.All(ink, i => Assert.Equal(ink[0].Count, i.Count));
        Assert.All(ink, i => Assert.Equal(ink[0].CentreY, i.CentreY, 0.01));
    }

    [Fact]
    public async Task Float_Drifts_WhileShown()
    {
        // Overlay places pictures on even pixels in yuv420, so the drift is measured on a bigger frame.
        var video = await RenderAsync(new OutputSpec { Width = 640, Height = 360, Fps = 30 }, Title(new Animate { Float = true }));
        var ink = await InkAtAsync(video, 0.05, 1.0);

        Assert.True(Math.Abs(ink[0].CentreY - ink[1].CentreY) > 0.8, $"should drift: {ink[0].CentreY:0.0} vs {ink[1].CentreY:0.0}");
    }

    [Fact]
    public async Task ProgressBar_GrowsWithTheVideo()
    {
        var bar = new Layer { Type = "shape", Shape = "progress", Fill = "#FFFFFF", Height = 0.05 };
        var video = await RenderAsync(bar);
        var ink = await InkAtAsync(video, 0.5, 1.5);

        Assert.InRange(ink[0].Right, 60, 100);
        Assert.InRange(ink[1].Right, 220, 260);
        Assert.True(ink[0].CentreY > 170, "it runs along the bottom edge");
    }

    [Fact]
    public async Task Wipe_RevealsFromTheLeft()
    {
        var video = await RenderAsync(Title(new Animate { In = new Animation { Type = "wipe", Duration = 1 } }));
        var ink = await InkAtAsync(video, 0.3, 0.7, 1.5);

        Assert.InRange(ink[0].Left, ink[2].Left - 3, ink[2].Left + 3);
        Assert.True(ink[0].Right < ink[1].Right && ink[1].Right < ink[2].Right, $"the edge should move right: {ink[0].Right} → {ink[1].Right} → {ink[2].Right}");
    }

    [Fact]
    public async Task MovingGradient_ChangesOverTheScene()
    {
        var timeline = TimelineResolver.Resolve(new Timeline
        {
            Output = Small,
            Scenes = [new Scene { Duration = 2, Background = new Background { Gradient = new Gradient { From = "#FF0000", To = "#0000FF", Animate = true } } }],
        });
        var clip = (await RenderClipsAsync(timeline))[0];
        var (a, b) = (PixelAt(await FrameAtAsync(clip, 0.1), 40, 40), PixelAt(await FrameAtAsync(clip, 1.9), 40, 40));

        Assert.True(Math.Abs(a.Red - b.Red) + Math.Abs(a.Blue - b.Blue) > 12, $"the gradient should drift: {a} then {b}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryClip_HasAllItsFrames_WithTransitionsAndStills(bool animated)
    {
        // 3 s + 2 s with a 0.5 s crossfade: clips of 90 and 45 frames, 135 in all (a looped still once lost one).
        var layer = new Layer { Text = "A", Animate = animated ? Animate.Both("fade") : null };
        var timeline = TimelineResolver.Resolve(new Timeline
        {
            Output = Small,
            Transition = new Transition { Type = "crossfade", Duration = 0.5 },
            Scenes = [new Scene { Duration = 3, Layers = [layer] }, new Scene { Duration = 2, Layers = [layer] }],
        });
        var clips = await RenderClipsAsync(timeline);

        Assert.Equal(90, (await Probe.ProbeAsync(clips[0], Ct)).Frames);
        Assert.Equal(45, (await Probe.ProbeAsync(clips[1], Ct)).Frames);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Vignette_DarkensTheCorners_NotTheMiddle(bool moving)
    {
        var timeline = TimelineResolver.Resolve(new Timeline
        {
            Output = Small,
            Scenes = [new Scene { Duration = 1, Background = new Background { Gradient = new Gradient { From = "#808080", To = "#808080", Animate = moving }, Vignette = true } }],
        });
        var frame = await FrameAtAsync((await RenderClipsAsync(timeline))[0], 0.5);
        var (corner, middle) = (PixelAt(frame, 2, 2), PixelAt(frame, 160, 90));

        Assert.True(corner.Red < middle.Red - 25, $"corner {corner} should be darker than the middle {middle}");
        AssertClose(new SKColor(0x80, 0x80, 0x80), middle);
    }

    [Fact]
    public async Task Grain_MovesFromFrameToFrame_OverAFlatBackground_AndRendersTheSameEveryTime()
    {
        var timeline = TimelineResolver.Resolve(new Timeline
        {
            Output = Small,
            Scenes = [new Scene { Duration = 1, Background = new Background { Color = "#808080", Grain = true } }],
        });
        var again = Directory.CreateDirectory(Path.Combine(Work, "again")).FullName;
        var first = (await RenderClipsAsync(timeline))[0];
        using var early = SKBitmap.Decode(await FrameAtAsync(first, 0.2));
        using var late = SKBitmap.Decode(await FrameAtAsync(first, 0.7));
        using var repeat = SKBitmap.Decode(await FrameAtAsync((await RenderClipsAsync(timeline, again))[0], 0.7));

        var grid = Enumerable.Range(0, 32).SelectMany(i => Enumerable.Range(0, 18).Select(j => (X: i * 10 + 5, Y: j * 10 + 5))).ToList();
        // After encoding: x264 smooths weak noise away, so this checks what a viewer gets.
        Assert.True(grid.Count(p => Math.Abs(early.GetPixel(p.X, p.Y).Red - 0x80) > 2) > grid.Count / 6, "the flat grey carries grain");
        Assert.True(grid.Count(p => early.GetPixel(p.X, p.Y) != late.GetPixel(p.X, p.Y)) > grid.Count / 6, "the grain moves");
        Assert.Equal(late.Bytes, repeat.Bytes);
    }

    [Fact]
    public async Task MovingGradient_RendersTheSame_EveryTime()
    {
        var timeline = TimelineResolver.Resolve(new Timeline
        {
            Output = Small,
            Scenes = [new Scene { Duration = 1, Background = new Background { Gradient = new Gradient { From = "#FF0000", To = "#0000FF", Animate = true } } }],
        });
        var again = Directory.CreateDirectory(Path.Combine(Work, "again")).FullName;
        var first = (await RenderClipsAsync(timeline))[0];
        var second = (await RenderClipsAsync(timeline, again))[0];

        // A reproducible render: FFmpeg's `gradients` starts somewhere random unless it is given a seed.
        using var a = SKBitmap.Decode(await FrameAtAsync(first, 0.8));
        using var b = SKBitmap.Decode(await FrameAtAsync(second, 0.8));
        Assert.Equal(a.Bytes, b.Bytes);
    }

    [Theory]
    [InlineData("circle-open", 0.7)]
    [InlineData("zoom-in", 0.9)] // zooms for the first half, then blends
    [InlineData("smooth-left", 0.7)]
    public async Task XfadeTransitions_BlendTheScenes_MidWay(string type, double at)
    {
        var timeline = TimelineResolver.Resolve(new Timeline
        {
            Output = Small,
            Transition = new Transition { Type = type, Duration = 0.6 },
            Scenes =
            [
                new Scene { Duration = 1, Background = new Background { Color = "#FF0000" } },
                new Scene { Duration = 1, Background = new Background { Color = "#0000FF" } },
            ],
        });
        var clips = await RenderClipsAsync(timeline);
        using var mid = SKBitmap.Decode(await FrameAtAsync(clips[0], at));
        var pixels = Enumerable.Range(0, 16).SelectMany(i => Enumerable.Range(0, 9).Select(j => mid.GetPixel(i * 20 + 10, j * 20 + 10))).ToList();

        // Mid-way the frame is neither scene alone.
        Assert.Contains(pixels, p => p.Red < 200);
        Assert.Contains(pixels, p => p.Blue < 200);
        Assert.Contains(pixels, p => p.Red > 30 || p.Blue > 30);
    }
}
