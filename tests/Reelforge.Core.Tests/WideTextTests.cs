using Reelforge.Timelines;

namespace Reelforge.Core.Tests;

/// <summary>Chinese and Japanese, written without spaces: caption words and how they are joined.</summary>
public sealed class WideTextTests
{
    [Fact]
    public void AJapaneseSentence_SpokenAsOneWord_IsCaptionedInPhrases_SharingItsTime()
    {
        var words = WideText.CaptionWords("人々は電車で仕事に行きます。", 1, 2.4);

        Assert.Equal(["人々は", "電車で", "仕事に", "行きます。"], words.Select(w => w.Text));
        Assert.Equal(1, words[0].Start, 6);
        Assert.Equal(2.4, words[^1].End, 6);
        Assert.All(words.Zip(words.Skip(1)), p => Assert.Equal(p.First.End, p.Second.Start, 6));
        // Each piece's share follows its length: 3 of 14 characters.
        Assert.Equal(1.4 * 3 / 14, words[0].End - words[0].Start, 6);
    }

    [Fact]
    public void ChineseIsCutWhenFull_PunctuationStaysWithWhatItEnds_AndSpacedWordsAreLeftAlone()
    {
        var chinese = WideText.CaptionWords("我们今天下午一起去公园散步，好吗？", 0, 1);

        Assert.All(chinese, w => Assert.InRange(w.Text.Length, 1, WideText.CaptionPiece + 1));
        Assert.Equal("我们今天下午一起去公园散步，好吗？", string.Concat(chinese.Select(w => w.Text)));
        Assert.DoesNotContain(chinese, w => w.Text.StartsWith('，') || w.Text.StartsWith('？'));
        Assert.Equal(["Extraordinary"], WideText.CaptionWords("Extraordinary", 0, 1).Select(w => w.Text));
        Assert.Equal(["안녕하세요"], WideText.CaptionWords("안녕하세요", 0, 1).Select(w => w.Text));
    }

    [Fact]
    public void Words_AreJoinedWithSpaces_ExceptInsideChineseOrJapanese()
    {
        Assert.Equal("東京の朝は", WideText.Join(["東京の", "朝は"]));
        Assert.Equal("Hello world", WideText.Join(["Hello", "world"]));
        Assert.Equal("東京 Tower", WideText.Join(["東京", "Tower"]));
        Assert.Equal("안녕 세계", WideText.Join(["안녕", "세계"]));
    }
}
