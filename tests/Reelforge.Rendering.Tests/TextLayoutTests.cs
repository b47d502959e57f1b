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
    public void Balanced_EvensTheLines_InAsFewLinesAsTheFullWidth_WithoutBreakingAWord()
    {
        using var font = new SKFont(Typeface, 20);
        const string text = "Put your phone in another room before bed.";
        // Just wide enough for all but the last word: greedy wrapping leaves it alone on a line.
        var width = font.MeasureText("Put your phone in another room before") + 2;
        var greedy = TextLayout.Wrap(text, font, width);
        Assert.Equal(["Put your phone in another room before", "bed."], greedy);

        var balanced = TextLayout.Balanced(text, s => font.MeasureText(s), width);

        Assert.Equal(2, balanced.Count);
        Assert.Equal(text, string.Join(' ', balanced));
        var widths = balanced.Select(l => font.MeasureText(l)).ToList();
        Assert.All(widths, w => Assert.True(w <= width));
        Assert.True(widths.Min() > widths.Max() * 0.6f, $"lines of {string.Join(", ", widths)} px are not even");
        // One line stays one line, and text with its own line breaks keeps them.
        Assert.Equal(["Short."], TextLayout.Balanced("Short.", s => font.MeasureText(s), 400));
        Assert.Equal(["Line one", "two"], TextLayout.Balanced("Line one\ntwo", s => font.MeasureText(s), 400));
    }

    [Fact]
    public void JapaneseText_BreaksBetweenCharacters_Evenly_AndNeverStartsALineWithAFullStop()
    {
        using var font = new SKFont(SKFontManager.Default.MatchCharacter('東') ?? Typeface, 20);
        const string text = "東京の朝はとても静かです。";
        // Wide enough for all but the full stop: greedy breaking would leave it alone on a line.
        var width = font.MeasureText("東京の朝はとても静かです") + 2;

        // Greedy, the last character goes down with the full stop (kinsoku).
        Assert.Equal(["東京の朝はとても静かで", "す。"], TextLayout.Wrap(text, font, width));

        var lines = TextLayout.Balanced(text, s => font.MeasureText(s), width);

        Assert.Equal(text, string.Concat(lines));
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.False(l.StartsWith('。'), $"'{l}' starts with a full stop"));
        Assert.InRange(lines[0].Length - lines[1].Length, -2, 2);
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
