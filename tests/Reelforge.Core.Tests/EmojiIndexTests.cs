using Microsoft.Extensions.Logging.Abstractions;
using Reelforge.Planning;

namespace Reelforge.Core.Tests;

/// <summary>Against the real CLDR files from `unicode-cldr-core` (scripts/install-deps.sh installs it).</summary>
public sealed class EmojiIndexTests
{
    private static readonly EmojiIndex Index = EmojiIndex.LoadDefault()
        ?? throw new InvalidOperationException("CLDR annotations missing: run scripts/install-deps.sh");

    [Theory]
    [InlineData("I love pizza", "🍕")]
    [InlineData("Three tips for better coffee", "☕")]
    [InlineData("Rockets launch at night", "🚀")]
    [InlineData("Eat more hot dogs.", "🌭")]
    [InlineData("Ocean waves roll in against the rocks.", "🌊")]
    public void Match_PicksTheEmojiCldrNamesOrDescribes(string sentence, string expected)
    {
        Assert.All(Enumerable.Range(0, 5), seed => Assert.Equal(expected, Index.Match(sentence, seed)));
    }

    [Fact]
    public void Match_PrefersAnEmojisNameToAnotherEmojisKeyword()
    {
        // CLDR names 🪨 "rock"; "wave" is only a keyword of 🌊 (and of 👋).
        Assert.Equal("🪨", Index.Match("Waves roll in against the rocks.", seed: 0));
    }

    [Fact]
    public void Match_WithAWordCldrDoesNotKnow_ReturnsNull()
    {
        // CLDR 41 has no lighthouse emoji and no "dawn" keyword: no icon rather than a wrong one.
        Assert.Null(Index.Match("A lighthouse at dawn.", seed: 0));
    }

    [Fact]
    public void Match_MatchesInflectedForms_ToTheirStem()
    {
        // "climbs" -> "climb", a CLDR keyword of 🪜; "stairs" matches nothing.
        Assert.Equal("🪜", Index.Match("The keeper climbs the stairs.", seed: 0));
    }

    [Theory]
    [InlineData("The the and of")]
    [InlineData("")]
    [InlineData("It is what it is, and we will see.")]
    public void Match_WithOnlyStopWords_ReturnsNull(string sentence)
    {
        Assert.Null(Index.Match(sentence, seed: 0));
    }

    [Fact]
    public void Match_IsDeterministicForASeed_AndTheSeedChoosesAmongEquallyGoodEmoji()
    {
        const string sentence = "Music everywhere";
        var picks = Enumerable.Range(0, 20).Select(seed => Index.Match(sentence, seed)).ToList();

        Assert.Equal(picks, Enumerable.Range(0, 20).Select(seed => Index.Match(sentence, seed)));
        Assert.True(picks.Distinct().Count() > 1, "\"music\" is a keyword of several emoji; seeds should spread over them");
        Assert.Contains("🎵", picks);
    }

    [Fact]
    public void Load_SkipsSymbolsThatAreNotEmoji()
    {
        Assert.DoesNotContain("{", Index.Emoji);
        Assert.DoesNotContain("}", Index.Emoji);
        Assert.DoesNotContain("→", Index.Emoji);
        Assert.DoesNotContain("🦱", Index.Emoji); // a hair component, like the skin tones
        Assert.All(Index.Emoji, e => Assert.DoesNotContain(e.EnumerateRunes(), r => r.Value is >= 0x1F3FB and <= 0x1F3FF));
        Assert.Contains("🍍", Index.Emoji);
        Assert.Contains("👩‍🚀", Index.Emoji); // from the derived file
        Assert.Null(Index.Match("curly bracket", seed: 0));
    }

    [Fact]
    public void Create_WithIconsOff_GivesNoIcons()
    {
        var icons = PlannerIcons.Create(new PlannerOptions { Icons = false }, NullLogger.Instance);

        Assert.Null(icons.Index);
        Assert.Null(icons.For("I love pizza", seed: 0));
    }

    [Fact]
    public void Create_WithTheDataFileMissing_GivesNoIcons_InsteadOfFailing()
    {
        var icons = PlannerIcons.Create(new PlannerOptions { EmojiData = Path.Combine(Path.GetTempPath(), "no-such-cldr", "en.xml") }, NullLogger.Instance);

        Assert.Null(icons.For("I love pizza", seed: 0));
    }

    [Fact]
    public void Create_WithTheDefaults_LoadsCldrAndTheDerivedFileBesideIt()
    {
        var icons = PlannerIcons.Create(new PlannerOptions(), NullLogger.Instance);

        Assert.Equal("🍕", icons.For("I love pizza", seed: 3));
        Assert.Contains("👩‍🚀", icons.Index!.Emoji);
    }
}
