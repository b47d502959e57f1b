using Reelforge.Rendering.Text;
using SkiaSharp;

namespace Reelforge.Rendering.Tests;

public sealed class TextLayoutTests
{
    private static readonly SKTypeface Typeface = SKTypeface.FromFamilyName("DejaVu Sans", SKFontStyle.Bold);

    [Fact]
    public void Wrap_KeepsEveryLineWithinTheWidth_MeasuredWithTheFont()
    {
        using var font = new SKFont(Typeface, 20);
        const string text = "The quick brown fox jumps over the lazy dog while the cat watches from the window sill";

        var lines = TextLayout.Wrap(text, font, maxWidth: 200);

        Assert.True(lines.Count > 2);
        Assert.All(lines, l => Assert.True(font.MeasureText(l) <= 200, $"'{l}' is {font.MeasureText(l)} wide"));
        Assert.Equal(text, string.Join(' ', lines));
    }

    [Fact]
    public void Wrap_BreaksAWordTooLongForALine()
    {
        using var font = new SKFont(Typeface, 20);

        var lines = TextLayout.Wrap("Supercalifragilisticexpialidocious", font, maxWidth: 120);

        Assert.True(lines.Count >= 3);
        Assert.Equal("Supercalifragilisticexpialidocious", string.Concat(lines));
        Assert.All(lines, l => Assert.True(font.MeasureText(l) <= 120));
    }

    [Fact]
    public void Fit_ShrinksTheTextUntilTheBlockFitsTheBox()
    {
        var text = string.Join(' ', Enumerable.Repeat("words that keep on coming", 12));

        var block = TextLayout.Fit(text, Typeface, SKFontStyle.Bold, maxWidth: 300, maxHeight: 150, startSize: 40, minSize: 6);

        Assert.True(block.FontSize < 40);
        Assert.True(block.Lines.Count * block.LineHeight <= 150);
    }

    [Fact]
    public void Colors_AcceptOnlyHexRgb_SoNothingElseReachesFfmpeg()
    {
        Assert.Equal("0x1A2B3C", Colors.ToFfmpeg("#1a2b3c"));
        Assert.Throws<FormatException>(() => Colors.ToFfmpeg("red:s=1x1"));
        Assert.Throws<FormatException>(() => Colors.ToFfmpeg("#12345"));
    }
}
