using System.Text;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace Reelforge.Rendering.Text;

/// <summary>
/// A font with fallback: text is cut into runs, each in the primary typeface where it has the
/// glyph, else in the installed typeface fontconfig matches for that character (emoji, Arabic,
/// Devanagari, …). Each run is shaped by HarfBuzz (Arabic joining, Indic conjuncts, right-to-left
/// within the run), and measuring uses the shaped width, so wrapping stays exact. Runs follow each
/// other left to right: a line that mixes directions is not reordered (no bidi).
/// </summary>
public sealed class FontRuns : IDisposable
{
    private readonly SKTypeface _primary;
    private readonly SKFontStyle _style;
    private readonly Dictionary<string, SKFont> _fonts = new(StringComparer.Ordinal);
    private readonly Dictionary<SKFont, SKShaper> _shapers = [];

    public FontRuns(SKTypeface primary, SKFontStyle style, float size)
    {
        _primary = primary;
        _style = style;
        Size = size;
        Primary = new SKFont(primary, size) { Subpixel = true, Edging = SKFontEdging.Antialias };
    }

    public float Size { get; }
    public SKFont Primary { get; }

    public IEnumerable<(string Text, SKFont Font)> Runs(string text)
    {
        var runes = text.EnumerateRunes().ToList();
        var fonts = new SKFont[runes.Count];
        for (var i = 0; i < runes.Count; i++)
        {
            // Joiners, variation selectors and skin tones stay with the glyph they modify.
            fonts[i] = i > 0 && IsModifier(runes[i]) ? fonts[i - 1] : FontFor(runes[i]);
        }
        var rtl = RightToLeft(runes);
        var run = new StringBuilder();
        for (var i = 0; i < runes.Count; i++)
        {
            if (i > 0 && (fonts[i] != fonts[i - 1] || rtl[i] != rtl[i - 1]))
            {
                yield return (run.ToString(), fonts[i - 1]);
                run.Clear();
            }
            run.Append(runes[i].ToString());
        }
        if (run.Length > 0)
        {
            yield return (run.ToString(), fonts[^1]);
        }
    }

    /// <summary>
    /// Which characters belong to a right-to-left phrase: Hebrew and Arabic letters, and the spaces,
    /// digits and punctuation between two of them. Each phrase becomes its own run, which HarfBuzz
    /// lays out right to left; the phrases themselves follow the line left to right.
    /// </summary>
    private static bool[] RightToLeft(List<Rune> runes)
    {
        var strong = runes.Select(r => IsRightToLeft(r.Value) ? 1 : Rune.IsLetter(r) ? -1 : 0).ToArray();
        var result = new bool[runes.Count];
        for (var i = 0; i < runes.Count; i++)
        {
            if (strong[i] != 0)
            {
                result[i] = strong[i] > 0;
                continue;
            }
            var before = Array.FindLastIndex(strong, i, s => s != 0);
            var after = Array.FindIndex(strong, i, s => s != 0);
            result[i] = before >= 0 && after >= 0 && strong[before] > 0 && strong[after] > 0;
        }
        return result;
    }

    private static bool IsRightToLeft(int c) =>
        c is (>= 0x0590 and <= 0x08FF) or (>= 0xFB1D and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF) or (>= 0x10800 and <= 0x10FFF) or (>= 0x1E800 and <= 0x1EFFF);

    public float Measure(string text) => Runs(text).Sum(r => Shaper(r.Font).Shape(r.Text, r.Font).Width);

    public void Draw(SKCanvas canvas, string text, float x, float baseline, SKPaint paint)
    {
        foreach (var (run, font) in Runs(text))
        {
            var shaper = Shaper(font);
            canvas.DrawShapedText(shaper, run, x, baseline, SKTextAlign.Left, font, paint);
            x += shaper.Shape(run, font).Width;
        }
    }

    private SKShaper Shaper(SKFont font)
    {
        if (!_shapers.TryGetValue(font, out var shaper))
        {
            shaper = new SKShaper(font.Typeface);
            _shapers[font] = shaper;
        }
        return shaper;
    }

    private SKFont FontFor(Rune rune)
    {
        if (rune.Value < 0x80 || _primary.ContainsGlyph(rune.Value))
        {
            return Primary;
        }
        // The emoji script tag asks fontconfig for a colour emoji font before monochrome symbol fonts.
        using var match = SKFontManager.Default.MatchCharacter(_primary.FamilyName, _style, IsEmoji(rune.Value) ? ["und-Zsye"] : null, rune.Value);
        if (match is null)
        {
            return Primary;
        }
        var family = match.FamilyName;
        if (!_fonts.TryGetValue(family, out var font))
        {
            font = new SKFont(Typefaces.Get(family, _style), Size) { Subpixel = true, Edging = SKFontEdging.Antialias };
            _fonts[family] = font;
        }
        return font;
    }

    private static bool IsEmoji(int c) => c is (>= 0x1F000 and <= 0x1FAFF) or (>= 0x2600 and <= 0x27BF);

    private static bool IsModifier(Rune rune) =>
        rune.Value is 0x200D or (>= 0xFE00 and <= 0xFE0F) or (>= 0x1F3FB and <= 0x1F3FF) or (>= 0xE0020 and <= 0xE007F);

    public void Dispose()
    {
        foreach (var shaper in _shapers.Values)
        {
            shaper.Dispose();
        }
        Primary.Dispose();
        foreach (var font in _fonts.Values)
        {
            // The typeface is shared (Typefaces); only the font is this object's.
            font.Dispose();
        }
    }
}
