using Microsoft.Extensions.Options;
using Reelforge.Rendering.Ffmpeg;
using SkiaSharp;

namespace Reelforge.Rendering.Tests;

/// <summary>Real FFmpeg, tiny outputs, a scratch folder per test.</summary>
public abstract class RenderTestBase : IDisposable
{
    protected RenderTestBase()
    {
        Directory.CreateDirectory(Work);
        Runner = new FfmpegRunner(Options);
        Probe = new Ffprobe(Options);
        Renderer = new FfmpegVideoRenderer(Runner, Probe, Options);
    }

    protected static IOptions<RenderOptions> Options { get; } = Microsoft.Extensions.Options.Options.Create(new RenderOptions());
    protected string Work { get; } = Path.Combine(Path.GetTempPath(), "rf-render-" + Guid.NewGuid().ToString("N"));
    protected FfmpegRunner Runner { get; }
    protected Ffprobe Probe { get; }
    protected FfmpegVideoRenderer Renderer { get; }
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Renders every scene of a (resolved) timeline to its clip in <paramref name="directory"/>, in order.</summary>
    protected async Task<List<string>> RenderClipsAsync(Reelforge.Timelines.Timeline timeline, string? directory = null)
    {
        var dir = directory ?? Work;
        var clips = timeline.Scenes.Select((_, i) => Path.Combine(dir, $"scene-{i:D3}.mp4")).ToList();
        for (var i = 0; i < clips.Count; i++)
        {
            await Renderer.RenderSceneAsync(timeline, i, clips[i], _ => ValueTask.CompletedTask, Ct);
        }
        return clips;
    }

    /// <summary>Writes a solid-colour PNG into the scratch folder.</summary>
    protected async Task<string> SolidPngAsync(string name, int width, int height, SKColor color)
    {
        var path = Path.Combine(Work, name);
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(color);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        await File.WriteAllBytesAsync(path, data.ToArray(), Ct);
        return path;
    }

    /// <summary>The colour of one pixel of an image file.</summary>
    protected static SKColor PixelAt(string imagePath, int x, int y)
    {
        using var bitmap = SKBitmap.Decode(imagePath);
        return bitmap.GetPixel(x, y);
    }

    protected async Task<string> FrameAtAsync(string video, double seconds)
    {
        var png = Path.Combine(Work, $"frame-{Guid.NewGuid():N}.png");
        await Runner.RunAsync(["-ss", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", video, "-frames:v", "1", png],
            0, Path.Combine(Work, "test.log"), null, Ct);
        return png;
    }

    protected static void AssertClose(SKColor expected, SKColor actual, int tolerance = 12) =>
        Assert.True(Math.Abs(expected.Red - actual.Red) <= tolerance && Math.Abs(expected.Green - actual.Green) <= tolerance
            && Math.Abs(expected.Blue - actual.Blue) <= tolerance, $"expected about {expected}, got {actual}");

    public void Dispose()
    {
        Directory.Delete(Work, recursive: true);
        GC.SuppressFinalize(this);
    }
}
