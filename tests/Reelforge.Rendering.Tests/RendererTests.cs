using Reelforge.Timelines;
using SkiaSharp;

namespace Reelforge.Rendering.Tests;

public sealed class RendererTests : RenderTestBase
{
    private static Timeline TwoScenes(string text = "Hello") => TimelineResolver.Resolve(new Timeline
    {
        Output = new OutputSpec { Width = 160, Height = 90, Fps = 30 },
        Scenes =
        [
            new Scene { Duration = 1, Background = new Background { Color = "#204080" }, Layers = [new Layer { Text = text }] },
            new Scene { Duration = 0.5, Background = new Background { Color = "#C03010" } },
        ],
    });

    [Fact]
    public async Task RenderScene_MakesAnH264AacClipOfTheExactLengthAndSize_ReportingProgress()
    {
        var clip = Path.Combine(Work, "scene-000.mp4");
        var reports = new List<double>();

        await Renderer.RenderSceneAsync(TwoScenes(), 0, clip, f => { reports.Add(f); return ValueTask.CompletedTask; }, Ct);

        var info = await Probe.ProbeAsync(clip, Ct);
        Assert.Equal(("h264", "yuv420p", 160, 90, 30.0), (info.VideoCodec, info.PixelFormat, info.Width, info.Height, info.Fps));
        Assert.True(info.HasAudio);
        Assert.InRange(info.DurationSeconds, 0.99, 1.05);
        Assert.NotEmpty(reports);
        Assert.Equal(1, reports[^1]);
        Assert.False(File.Exists(Path.Combine(Work, "scene-000.partial.mp4")), "the temp file is moved into place");
    }

    [Fact]
    public async Task RenderScene_DrawsTextLiterally_EvenWhenItLooksLikeFfmpegSyntax()
    {
        var clip = Path.Combine(Work, "scene-000.mp4");
        const string hostile = "it's 100% %{pts} [a];[b] -y /etc/passwd \\ \"quoted\" ; rm -rf / 'n: colons";

        await Renderer.RenderSceneAsync(TwoScenes(hostile), 0, clip, _ => ValueTask.CompletedTask, Ct);

        // The text is white on blue: the centre band must hold white pixels, the corner only background.
        var frame = await FrameAtAsync(clip, 0.5);
        AssertClose(new SKColor(0x20, 0x40, 0x80), PixelAt(frame, 2, 2));
        using var bitmap = SKBitmap.Decode(frame);
        var whiteish = Enumerable.Range(0, 160).SelectMany(x => Enumerable.Range(20, 50).Select(y => bitmap.GetPixel(x, y)))
            .Count(c => c.Red > 200 && c.Green > 200 && c.Blue > 200);
        Assert.True(whiteish > 50, $"only {whiteish} text pixels");
    }

    [Fact]
    public async Task RenderScene_WithAnImageBackground_CoversTheFrame()
    {
        var image = await SolidPngAsync("green.png", 64, 64, new SKColor(0x10, 0xC0, 0x30));
        var timeline = TimelineResolver.Resolve(new Timeline
        {
            Output = new OutputSpec { Width = 160, Height = 90, Fps = 30 },
            Scenes = [new Scene { Duration = 0.5, Background = new Background { Color = "#000000", Image = new ImageFill { Src = image } } }],
        });
        var clip = Path.Combine(Work, "scene-000.mp4");

        await Renderer.RenderSceneAsync(timeline, 0, clip, _ => ValueTask.CompletedTask, Ct);

        var frame = await FrameAtAsync(clip, 0.1);
        AssertClose(new SKColor(0x10, 0xC0, 0x30), PixelAt(frame, 1, 1));
        AssertClose(new SKColor(0x10, 0xC0, 0x30), PixelAt(frame, 158, 88));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Export_JoinsScenes_AndMakesEveryArtifact_FromTheScenesStills_OrElseFromOneDecode_WithoutProbing(bool stillsBesideClips)
    {
        var timeline = TwoScenes();
        var clips = await RenderClipsAsync(timeline);
        var output = Directory.CreateDirectory(Path.Combine(Work, "out")).FullName;
        Assert.All(clips, c => Assert.True(Directory.Exists(Path.ChangeExtension(c, null) + ".stills"), "each scene's run writes its stills"));
        if (!stillsBesideClips)
        {
            // As when a clip was fetched from another machine's checkpoint: the clip alone.
            Directory.Delete(Path.ChangeExtension(clips[1], null) + ".stills", recursive: true);
        }

        var video = await Renderer.ExportAsync(timeline, clips, output, _ => ValueTask.CompletedTask, Ct);

        var exportCommand = File.ReadLines(Path.Combine(Work, "render.log")).Last(l => l.Contains("-f concat -protocol_whitelist file -i", StringComparison.Ordinal));
        Assert.Equal(!stillsBesideClips, exportCommand.Contains("thumbnail.webp", StringComparison.Ordinal));

        Assert.Equal((160, 90, 30.0), (video.Width, video.Height, video.Fps));
        var bytes = await File.ReadAllBytesAsync(video.VideoPath, Ct);
        Assert.Equal(bytes.Length, video.Bytes);
        Assert.True(IndexOf(bytes, "moov"u8) < IndexOf(bytes, "mdat"u8), "+faststart puts the index before the media");
        // What the export reported without probing is what the file holds, audio track included.
        var info = await Probe.ProbeAsync(video.VideoPath, Ct);
        Assert.Equal((45, 160, 90, "h264"), (info.Frames, info.Width, info.Height, info.VideoCodec));
        Assert.True(info.HasAudio);
        Assert.Equal(1.5, video.DurationSeconds, 3);
        Assert.Equal("RIFF"u8.ToArray(), (await File.ReadAllBytesAsync(video.ThumbnailPath, Ct))[..4]);
        using (var sprite = SKCodec.Create(video.SpritesheetPath))
        {
            Assert.Equal(SKEncodedImageFormat.Jpeg, sprite.EncodedFormat);
            Assert.Equal(160 * 4, sprite.Info.Width);
        }
        AssertClose(new SKColor(0xC0, 0x30, 0x10), PixelAt(video.LastFramePath, 80, 45));
        Assert.Equal(2, video.SlidePaths.Count);
        AssertClose(new SKColor(0x20, 0x40, 0x80), PixelAt(video.SlidePaths[0], 2, 2));
        AssertClose(new SKColor(0xC0, 0x30, 0x10), PixelAt(video.SlidePaths[1], 2, 2));
        using (var preview = SKCodec.Create(video.PreviewPath))
        {
            Assert.Equal((SKEncodedImageFormat.Jpeg, 160, 90), (preview.EncodedFormat, preview.Info.Width, preview.Info.Height));
        }
        using (var jpeg = SKCodec.Create(video.ThumbnailJpegPath))
        {
            Assert.Equal(SKEncodedImageFormat.Jpeg, jpeg.EncodedFormat);
        }
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(video.VideoPath)!));
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
