using Reelforge.Rendering.Assets;
using SkiaSharp;

namespace Reelforge.Rendering.Tests;

public sealed class ImageCheckTests
{
    [Theory]
    [InlineData(SKEncodedImageFormat.Png, ".png")]
    [InlineData(SKEncodedImageFormat.Jpeg, ".jpg")]
    [InlineData(SKEncodedImageFormat.Webp, ".webp")]
    public void AWholeImage_IsAccepted_WithItsExtension(SKEncodedImageFormat format, string extension)
    {
        using var bitmap = new SKBitmap(20, 10);
        bitmap.Erase(SKColors.Teal);
        using var data = bitmap.Encode(format, 90);

        Assert.Equal(extension, ImageCheck.ExtensionOf(data.ToArray()));
    }

    [Fact]
    public void AnImageWithAValidHeaderButBrokenData_IsRefused() =>
        Assert.Null(ImageCheck.ExtensionOf(File.ReadAllBytes(Path.Combine("Fixtures", "corrupt-1x1.png"))));

    [Fact]
    public void AGifOrText_IsRefused()
    {
        Assert.Null(ImageCheck.ExtensionOf("GIF89a not really"u8));
        Assert.Null(ImageCheck.ExtensionOf("hello"u8));
    }
}
