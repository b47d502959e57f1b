namespace Reelforge.Timelines;

/// <summary>
/// Chinese, Japanese and Korean text, which is written without spaces between words: where such
/// text may break, how wide it is, and how spoken words of it become caption words.
/// </summary>
public static class WideText
{
    /// <summary>The most unspaced characters a caption word holds; a longer run is cut into such pieces.</summary>
    public const int CaptionPiece = 6;

    /// <summary>East Asian wide characters: Hangul, CJK ideographs and kana, full-width forms.</summary>
    public static bool IsWide(int codePoint) => codePoint is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF
        or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60
        or >= 0xFFE0 and <= 0xFFE6 or >= 0x20000 and <= 0x3FFFD;

    /// <summary>
    /// Characters of scripts written without spaces (Chinese ideographs, kana, CJK punctuation and
    /// full-width forms), which may break between any two. Korean is wide but spaced: it breaks at spaces.
    /// </summary>
    public static bool IsUnspaced(int codePoint) => codePoint is >= 0x2E80 and <= 0x9FFF or >= 0xF900 and <= 0xFAFF
        or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0x20000 and <= 0x3FFFD;

    /// <summary>Whether text holds characters that may break between any two (<see cref="IsUnspaced"/>).</summary>
    public static bool BreaksAnywhere(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsUnspaced(rune.Value))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>What goes between two words shown one after the other: nothing inside unspaced text, else a space.</summary>
    public static string Gap(string before, string after) =>
        before.Length > 0 && after.Length > 0 && IsUnspaced(char.ConvertToUtf32(before, before.Length - (char.IsLowSurrogate(before[^1]) ? 2 : 1)))
            && IsUnspaced(char.ConvertToUtf32(after, 0)) ? "" : " ";

    /// <summary>Words joined as they are shown: spaces between words, none inside wide text.</summary>
    public static string Join(IEnumerable<string> words)
    {
        var joined = new System.Text.StringBuilder();
        var last = "";
        foreach (var word in words)
        {
            if (joined.Length > 0)
            {
                joined.Append(Gap(last, word));
            }
            joined.Append(word);
            last = word;
        }
        return joined.ToString();
    }

    /// <summary>
    /// A spoken word as caption words: as it is, unless it holds more than <see cref="CaptionPiece"/>
    /// unspaced characters (a whole Japanese sentence is one "word" to a speech engine), which are cut
    /// into pieces of at most that many, each given its share of the word's time by its length. A
    /// piece ends after punctuation, or where Japanese hiragana meets kanji or katakana, which is
    /// mostly where a particle ends a phrase (人々は|電車で|仕事に|行きます。), else when full.
    /// </summary>
    public static IReadOnlyList<CaptionWord> CaptionWords(string text, double start, double end)
    {
        var runes = text.EnumerateRunes().Select(r => r.ToString()).ToList();
        if (runes.Count(r => IsUnspaced(char.ConvertToUtf32(r, 0))) <= CaptionPiece)
        {
            return [new CaptionWord(text, start, end)];
        }
        var pieces = new List<string>();
        var piece = new System.Text.StringBuilder();
        var count = 0;
        for (var i = 0; i < runes.Count; i++)
        {
            piece.Append(runes[i]);
            count++;
            // Punctuation stays with what it ends (never starts a piece); a piece ends at punctuation or when full.
            var next = i + 1 < runes.Count ? runes[i + 1] : null;
            var nextIsPunctuation = next is not null && char.IsPunctuation(next, 0);
            var phraseEnds = next is not null && IsHiragana(runes[i]) && (IsKanji(next) || IsKatakana(next));
            if (next is not null && !nextIsPunctuation && (count >= CaptionPiece || char.IsPunctuation(runes[i], 0) || phraseEnds))
            {
                pieces.Add(piece.ToString());
                piece.Clear();
                count = 0;
            }
        }
        if (piece.Length > 0)
        {
            pieces.Add(piece.ToString());
        }
        var total = pieces.Sum(p => p.Length);
        static bool IsHiragana(string c) => c[0] is >= '\u3040' and <= '\u309F';
        static bool IsKatakana(string c) => c[0] is >= '\u30A0' and <= '\u30FF';
        static bool IsKanji(string c) => c[0] is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or '\u3005';
        var words = new List<CaptionWord>(pieces.Count);
        var at = start;
        foreach (var p in pieces)
        {
            var until = at + (end - start) * p.Length / total;
            words.Add(new CaptionWord(p, at, until));
            at = until;
        }
        return words;
    }
}
