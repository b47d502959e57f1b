using SkiaSharp;
using Reelforge.Timelines;

namespace Reelforge.Rendering.Compose;

/// <summary>One still of the finished video: which frame of the joined clips, its file and how FFmpeg encodes it.</summary>
internal sealed record Still(int Frame, string File, IReadOnlyList<string> Encode)
{
    /// <summary>A spritesheet tile: scaled to the tile width, and tiled into `spritesheet.jpg` at export.</summary>
    public bool Tile { get; init; }
}

/// <summary>
/// Every still a video's outputs need (thumbnail, preview, last frame, a slide per scene, the
/// spritesheet's tiles), as frames of the joined clips. Each scene's FFmpeg run writes the stills
/// that fall in its clip while it encodes it, so export need not decode the video again.
/// </summary>
internal static class Stills
{
    public const int SpriteColumns = 4, SpriteRows = 4;

    public static IReadOnlyList<Still> For(Timeline timeline)
    {
        var fps = timeline.Output.Fps;
        var frames = FfmpegVideoRenderer.VideoFrames(timeline);
        var seconds = (double)frames / fps;
        var last = Math.Max(0, frames - 1);
        int FrameAt(double at) => Math.Clamp((int)Math.Round(at * fps), 0, last);
        var thumb = FrameAt(Math.Min(1.0, seconds / 2));
        string[] bestJpeg = ["-q:v", "2", "-f", "image2"];
        var stills = new List<Still>
        {
            new(thumb, "thumbnail.webp", ["-c:v", "libwebp", "-quality", "80", "-f", "webp"]),
            new(thumb, "thumbnail.jpg", ["-q:v", "3", "-f", "image2"]),
            new(FrameAt(seconds / 2), "preview.jpg", bestJpeg),
            new(last, "last_frame.png", ["-c:v", "png", "-f", "image2"]),
        };
        var slides = FfmpegVideoRenderer.SlideTimes(timeline).Select(FrameAt).Distinct().Order().ToList();
        stills.AddRange(slides.Select((frame, i) => new Still(frame, $"slide-{i + 1:D3}.jpg", bestJpeg)));
        // The tile filter's picks: every `every`-th frame from the first, the first 16 of them.
        var every = Math.Max(1, frames / (SpriteColumns * SpriteRows));
        for (var k = 0; k < SpriteColumns * SpriteRows && k * every <= last; k++)
        {
            stills.Add(new Still(k * every, $"tile-{k:D2}.jpg", bestJpeg) { Tile = true });
        }
        return stills;
    }

    /// <summary>The stills that fall in scene <paramref name="scene"/>'s clip, with their frame numbered within the clip.</summary>
    public static IReadOnlyList<Still> InClip(Timeline timeline, int scene)
    {
        var start = Enumerable.Range(0, scene).Sum(i => FfmpegVideoRenderer.ClipFrames(timeline, i));
        var end = start + FfmpegVideoRenderer.ClipFrames(timeline, scene);
        return For(timeline).Where(s => s.Frame >= start && s.Frame < end).Select(s => s with { Frame = s.Frame - start }).ToList();
    }

    /// <summary>Where a scene clip's stills are written: a folder beside the clip.</summary>
    public static string DirectoryOf(string clip) => Path.ChangeExtension(clip, null) + ".stills";

    public static int TileWidth(Timeline timeline) => Math.Min(timeline.Output.Width, 256) / 2 * 2;

    /// <summary>The tiles side by side, four by four, on black (as FFmpeg's `tile` lays them out), as a JPEG.</summary>
    public static void WriteSpritesheet(IReadOnlyList<string> tiles, string path)
    {
        using var first = SKBitmap.Decode(tiles[0]) ?? throw new InvalidDataException($"Cannot read {tiles[0]}.");
        var (width, height) = (first.Width, first.Height);
        using var sheet = new SKBitmap(width * SpriteColumns, height * SpriteRows, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using (var canvas = new SKCanvas(sheet))
        {
            canvas.Clear(SKColors.Black);
            for (var k = 0; k < tiles.Count; k++)
            {
                using var tile = k == 0 ? null : SKBitmap.Decode(tiles[k]) ?? throw new InvalidDataException($"Cannot read {tiles[k]}.");
                canvas.DrawBitmap(tile ?? first, k % SpriteColumns * width, k / SpriteColumns * height);
            }
        }
        using var data = sheet.Encode(SKEncodedImageFormat.Jpeg, 80);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
