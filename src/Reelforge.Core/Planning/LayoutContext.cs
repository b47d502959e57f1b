using Reelforge.Timelines;

namespace Reelforge.Planning;

/// <summary>What a layout is given to lay one scene out.</summary>
public sealed record LayoutContext(OutputSpec Output, Theme Theme, Palette Palette, double Seconds)
{
    public string? Icon { get; init; }
    /// <summary>Narrated: captions carry the sentence, so the layout keeps clear of them and shows less text.</summary>
    public bool Story { get; init; }
    /// <summary>
    /// The scene is over a picture (the request's first frame): text goes white on a dark box, which
    /// keeps it readable without darkening the picture itself, whose first frame must stay as given.
    /// </summary>
    public bool OnPicture { get; init; }
    /// <summary>Which of the body layouts to use (neighbours get different ones).</summary>
    public int Variant { get; init; }

    public bool Portrait => Output.Height > Output.Width;

    /// <summary>A size given as a fraction of the shorter side, as a fraction of the height.</summary>
    public double Tall(double size) => size * Math.Min(Output.Width, Output.Height) / Output.Height;

    /// <summary>
    /// How tall a text layer will be, as a fraction of the height: its lines estimated from the
    /// theme's average glyph (a little generous, so stacked blocks never collide), 1.2 em a line.
    /// A word longer than a line is broken across lines, as the renderer breaks it; a CJK character
    /// is a full em wide, whatever the theme's Latin glyphs (Japanese and Chinese have no spaces).
    /// </summary>
    public double TextHeight(Layer text)
    {
        var em = text.Size!.Value * Math.Min(Output.Width, Output.Height);
        var glyph = (text.Style == "title" ? Theme.TitleGlyph : Theme.BodyGlyph) * 1.05;
        // Widths in ems.
        var line = text.MaxWidth!.Value * Output.Width / em;
        var lines = 1;
        var used = 0.0;
        foreach (var word in text.Text!.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var (width, breakable) in Pieces(word, glyph))
            {
                if (used > 0 && used + (breakable ? 0 : glyph) + width > line)
                {
                    lines++;
                    used = 0;
                }
                if (used == 0 && width > line)
                {
                    // Wider than a line: broken where it overflows.
                    var spans = Math.Ceiling(width / line);
                    lines += (int)spans - 1;
                    used = width - (spans - 1) * line;
                    continue;
                }
                used += (used > 0 && !breakable ? glyph : 0) + width;
            }
        }
        return lines * 1.2 * em / Output.Height;
    }

    // A word as the renderer breaks it: Latin words whole (their width in ems), CJK characters one
    // by one (an em each), so a line may end between any two of them.
    private static IEnumerable<(double Width, bool Breakable)> Pieces(string word, double glyph)
    {
        var latin = 0;
        foreach (var rune in word.EnumerateRunes())
        {
            if (WideText.IsWide(rune.Value))
            {
                if (latin > 0)
                {
                    yield return (latin * glyph, false);
                    latin = 0;
                }
                yield return (1, true);
            }
            else
            {
                latin++;
            }
        }
        if (latin > 0)
        {
            yield return (latin * glyph, false);
        }
    }

}
