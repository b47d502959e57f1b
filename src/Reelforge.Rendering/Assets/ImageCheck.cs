using SkiaSharp;

namespace Reelforge.Rendering.Assets;

/// <summary>Whether bytes really are an image Reelforge accepts, read from the header by Skia's codecs.</summary>
public static class ImageCheck
{
    private static readonly SKEncodedImageFormat[] Accepted = [SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Png, SKEncodedImageFormat.Webp];

    public static bool IsImage(string path)
    {
        using var codec = SKCodec.Create(path);
        return codec is not null && Accepted.Contains(codec.EncodedFormat) && codec.Info.Width > 0 && codec.Info.Height > 0;
    }

    /// <summary>The file extension for an accepted image, or null if the bytes are not one.</summary>
    public static string? ExtensionOf(ReadOnlySpan<byte> bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width <= 0)
        {
            return null;
        }
        return codec.EncodedFormat switch
        {
            SKEncodedImageFormat.Jpeg => ".jpg",
            SKEncodedImageFormat.Png => ".png",
            SKEncodedImageFormat.Webp => ".webp",
            _ => null,
        };
    }
}
