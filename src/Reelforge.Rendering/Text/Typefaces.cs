using System.Collections.Concurrent;
using SkiaSharp;

namespace Reelforge.Rendering.Text;

/// <summary>
/// Typefaces by family and style, looked up once per process: each fontconfig lookup was half the
/// cost of painting a moving layer's frames. Skia typefaces are immutable and shared; never dispose one.
/// </summary>
internal static class Typefaces
{
    private static readonly ConcurrentDictionary<(string Family, int Weight, int Width, SKFontStyleSlant Slant), SKTypeface> Cache = new();

    public static SKTypeface Get(string? family, SKFontStyle style) =>
        Cache.GetOrAdd((family ?? "", style.Weight, style.Width, style.Slant),
            key => SKTypeface.FromFamilyName(key.Family, style) ?? SKTypeface.Default);
}
