using SkiaSharp;

namespace Reelforge.Rendering.Assets;

/// <summary>
/// Whether bytes really are an image Reelforge accepts. The whole image is decoded, not just its
/// header: a corrupt PNG with a valid header would otherwise reach FFmpeg, which loops on the
/// decode error instead of failing.
/// </summary>
public static class ImageCheck
{
    /// <summary>Bigger than 8K UHD; a header claiming more is refused before anything is allocated.</summary>
    public const long MaxPixels = 40_000_000;

    private static readonly SKEncodedImageFormat[] Accepted = [SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Png, SKEncodedImageFormat.Webp];

    public static bool IsImage(string path)
    {
        using var codec = SKCodec.Create(path);
        return Extension(codec) is not null;
    }

    /// <summary>The file extension for an accepted image, or null if the bytes are not one.</summary>
    public static string? ExtensionOf(ReadOnlySpan<byte> bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        return Extension(codec);
    }

    private static string? Extension(SKCodec? codec)
    {
        if (codec is null || !Accepted.Contains(codec.EncodedFormat)
            || codec.Info.Width <= 0 || codec.Info.Height <= 0 || (long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return null;
        }
        using var bitmap = new SKBitmap(codec.Info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Premul));
        if (codec.GetPixels(bitmap.Info, bitmap.GetPixels()) != SKCodecResult.Success)
        {
            return null;
        }
        return codec.EncodedFormat switch
        {
            SKEncodedImageFormat.Jpeg => ".jpg",
            SKEncodedImageFormat.Png => ".png",
            _ => ".webp",
        };
    }
}
