using System.Globalization;
using Microsoft.Extensions.Options;
using Reelforge.Rendering;
using Reelforge.Rendering.Ffmpeg;
using SkiaSharp;

namespace Reelforge.Server.Tests;

/// <summary>Looks at downloaded media with the real ffprobe and FFmpeg.</summary>
public static class Media
{
    private static readonly IOptions<RenderOptions> Options = Microsoft.Extensions.Options.Options.Create(new RenderOptions());

    public static async Task<MediaInfo> ProbeAsync(byte[] bytes)
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, bytes);
            return await new Ffprobe(Options).ProbeAsync(path, CancellationToken.None);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The colour of a pixel of the frame at <paramref name="seconds"/>.</summary>
    public static async Task<SKColor> PixelAsync(byte[] video, double seconds, int x, int y)
    {
        var dir = Directory.CreateTempSubdirectory("rf-frame-").FullName;
        try
        {
            var input = Path.Combine(dir, "in.mp4");
            var frame = Path.Combine(dir, "frame.png");
            await File.WriteAllBytesAsync(input, video);
            await new FfmpegRunner(Options).RunAsync(
                ["-ss", seconds.ToString(CultureInfo.InvariantCulture), "-i", input, "-frames:v", "1", frame], 0, Path.Combine(dir, "log"), null, CancellationToken.None);
            using var bitmap = SKBitmap.Decode(frame);
            return bitmap.GetPixel(x, y);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static byte[] SolidPng(int width, int height, SKColor color)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(color);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static void AssertClose(SKColor expected, SKColor actual, int tolerance = 14) =>
        Assert.True(Math.Abs(expected.Red - actual.Red) <= tolerance && Math.Abs(expected.Green - actual.Green) <= tolerance
            && Math.Abs(expected.Blue - actual.Blue) <= tolerance, $"expected about {expected}, got {actual}");
}
