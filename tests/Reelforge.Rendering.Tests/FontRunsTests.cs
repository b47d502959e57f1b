using Reelforge.Rendering.Text;
using SkiaSharp;

namespace Reelforge.Rendering.Tests;

public sealed class FontRunsTests
{
    private static FontRuns Fonts() => new(SKTypeface.FromFamilyName("DejaVu Sans", SKFontStyle.Bold), SKFontStyle.Bold, 40);

    [Theory]
    [InlineData("नमस्ते", "Devanagari")]
    [InlineData("🎬", "Emoji")]
    public void CharactersTheMainFontLacks_FallBackToAnInstalledFontThatHasThem(string text, string family)
    {
        using var fonts = Fonts();

        var run = Assert.Single(fonts.Runs(text));

        Assert.Contains(family, run.Font.Typeface.FamilyName, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("مرحبا")]
    [InlineData("नमस्ते")]
    [InlineData("Привет")]
    public void ShapedWidth_IsTheInkWidthOfTheRun(string text)
    {
        using var fonts = Fonts();
        var (run, font) = Assert.Single(fonts.Runs(text));

        var width = fonts.Measure(text);

        Assert.InRange(width, font.MeasureText(run) * 0.6, font.MeasureText(run) * 1.4);
    }

    [Fact]
    public void MixedText_IsCutIntoRunsThatTogetherHoldEveryCharacter()
    {
        using var fonts = Fonts();
        const string text = "Hi 🎬 — مرحبا — नमस्ते ✓";

        var runs = fonts.Runs(text).ToList();

        Assert.Equal(text, string.Concat(runs.Select(r => r.Text)));
        Assert.Contains(runs, r => r.Text == "مرحبا");
        Assert.True(runs.Count >= 6, string.Join(" | ", runs.Select(r => $"{r.Text} ({r.Font.Typeface.FamilyName})")));
        Assert.Equal(runs.Sum(r => fonts.Measure(r.Text)), fonts.Measure(text), precision: 2);
    }

    [Fact]
    public void ARightToLeftPhrase_KeepsItsInnerSpaces_ButNotTheNeutralsAroundIt()
    {
        using var fonts = Fonts();

        var runs = fonts.Runs("A — שלום עולם — B").Select(r => r.Text).ToList();

        Assert.Contains("שלום עולם", runs);
        Assert.Contains(runs, r => r.StartsWith("A —", StringComparison.Ordinal));
    }
}
