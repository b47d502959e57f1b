using SkiaSharp;

namespace Reelforge.Rendering.Text;

/// <summary>
/// Lays text out with the font's real metrics: word wrap within a width, balanced so the lines come
/// out even, words longer than a line broken by characters, and the size stepped down until the
/// block fits the box.
/// </summary>
public static class TextLayout
{
    public sealed record Block(IReadOnlyList<string> Lines, float FontSize, float LineHeight, float Ascent);

    public static Block Fit(string text, SKTypeface typeface, SKFontStyle style, float maxWidth, float maxHeight, float startSize, float minSize)
    {
        for (var size = startSize; ; size = Math.Max(minSize, size * 0.9f))
        {
            using var font = new FontRuns(typeface, style, size);
            var lines = Balanced(text, font.Measure, maxWidth);
            var lineHeight = font.Primary.Spacing;
            if (lines.Count * lineHeight <= maxHeight || size <= minSize)
            {
                return new Block(lines, size, lineHeight, -font.Primary.Metrics.Ascent);
            }
        }
    }

    /// <summary>
    /// Wraps at the narrowest width that still takes as few lines as the full width does (CSS's
    /// `text-wrap: balance`): "Put your phone in another room before / bed." becomes "Put your phone
    /// in another / room before bed.". Never narrower than the widest word; text with line breaks
    /// of its own is wrapped as it is.
    /// </summary>
    public static List<string> Balanced(string text, Func<string, float> measure, float maxWidth)
    {
        var lines = Wrap(text, measure, maxWidth);
        if (lines.Count < 2 || text.Contains('\n', StringComparison.Ordinal))
        {
            return lines;
        }
        // Latin words are never broken for evenness; CJK text breaks between any two characters.
        var narrow = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Max(w => Timelines.WideText.BreaksAnywhere(w) ? WidestCharacter(w, measure) : measure(w));
        if (narrow >= maxWidth)
        {
            return lines;
        }
        var wide = maxWidth;
        // A pixel apart is as even as it gets.
        while (wide - narrow > 1)
        {
            var mid = (narrow + wide) / 2;
            if (Wrap(text, measure, mid).Count == lines.Count)
            {
                wide = mid;
            }
            else
            {
                narrow = mid;
            }
        }
        return Wrap(text, measure, wide);
    }

    public static List<string> Wrap(string text, SKFont font, float maxWidth) => Wrap(text, s => font.MeasureText(s), maxWidth);

    public static List<string> Wrap(string text, Func<string, float> measure, float maxWidth)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (measure(candidate) <= maxWidth)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line);
                }
                line = word;
                // A word wider than the line is broken where it overflows.
                while (measure(line) > maxWidth && line.Length > 1)
                {
                    var fit = FitChars(line, measure, maxWidth);
                    lines.Add(line[..fit]);
                    line = line[fit..];
                }
            }
            if (line.Length > 0 || lines.Count == 0)
            {
                lines.Add(line);
            }
        }
        return lines;
    }

    private static int FitChars(string word, Func<string, float> measure, float maxWidth)
    {
        var n = 1;
        while (n < word.Length && measure(word[..(n + 1)]) <= maxWidth)
        {
            n++;
        }
        // Closing punctuation and small kana never start a line (kinsoku): the character before
        // them goes down with them.
        while (n > 1 && n < word.Length && NoLineStart.Contains(word[n], StringComparison.Ordinal))
        {
            n--;
        }
        // Never split a surrogate pair.
        return char.IsHighSurrogate(word[n - 1]) && n > 1 ? n - 1 : n;
    }

    private const string NoLineStart = "、。，．・：；？！ー」』）］｝〕〉》】〙〗｣ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻,.!?:;)]}";

    private static float WidestCharacter(string word, Func<string, float> measure)
    {
        var widest = 0f;
        foreach (var rune in word.EnumerateRunes())
        {
            widest = Math.Max(widest, measure(rune.ToString()));
        }
        // Two, so that a character kept off a line's start (kinsoku) still fits.
        return widest * 2;
    }
}
