using Reelforge.Timelines;

namespace Reelforge.Planning;

/// <summary>
/// The planner's scene designs: a large hook title, a list whose items arrive one by one, a
/// numbered step, a big figure, a quote card, an end card, and three body layouts. Sizes are fractions of the frame's
/// shorter side (so 16:9, 9:16 and 1:1 read alike); blocks are stacked from an estimate of how many
/// lines their text takes, and every block stays in the safe area.
/// </summary>
public static class SceneLayouts
{
    public const int BodyVariants = 3;

    public static List<Layer> Lay(PlannedSentence sentence, LayoutContext c) => sentence.Kind switch
    {
        SentenceKind.Hook => Hook(sentence, c),
        SentenceKind.List => List(sentence, c),
        SentenceKind.Statistic => Statistic(sentence, c),
        SentenceKind.Quote => Quote(sentence, c),
        SentenceKind.CallToAction => EndCard(sentence, c),
        SentenceKind.Step => Step(sentence, c),
        _ => (c.Variant % BodyVariants) switch
        {
            0 => Centred(sentence, c),
            1 => Barred(sentence, c),
            _ => c.Icon is null ? Cornered(sentence, c) : IconAbove(sentence, c),
        },
    };

    private static List<Layer> Hook(PlannedSentence s, LayoutContext c)
    {
        var iconHeight = c.Icon is null ? 0 : c.Tall(0.2) + 0.035;
        var title = Fitted(size => Text(s.Text, "title", size, c, maxWidth: 0.86), Scaled(c.Portrait ? 0.11 : 0.135, s.Text), iconHeight + 0.047, c);
        var blocks = new List<(Layer Layer, double Height)>();
        if (c.Icon is { } icon)
        {
            blocks.Add((Icon(icon, 0.2), c.Tall(0.2)));
        }
        blocks.Add((title, c.TextHeight(title)));
        blocks.Add((Accent("line", c.Portrait ? 0.3 : 0.16, 0.012, c) with { Animate = Wipe(0.35) }, 0.012));
        return Stack(blocks, c.Story ? -0.1 : 0, gap: 0.035);
    }

    private static List<Layer> List(PlannedSentence s, LayoutContext c)
    {
        // Laid out from a top of 0, then the whole block is centred in the room it has (above the
        // captions' band in a story).
        var heading = Text(s.Lead!, "title", c.Portrait ? 0.085 : 0.095, c, maxWidth: 0.9) with { Anchor = "top-left", Align = "left", X = 0.01, Y = 0 };
        var top = c.TextHeight(heading) + 0.025;
        var layers = new List<Layer> { heading, Accent("line", 0.12, 0.01, c) with { Anchor = "top-left", X = 0.012, Y = top, Animate = Wipe(0.2) } };
        top += 0.045;
        var size = c.Portrait ? 0.065 : 0.075;
        var items = s.Parts.Select((item, k) => (s.Numbered ? $"{k + 1}." : "•") + "  " + item).ToList();
        // On 9:16 the bottom fifth belongs to the apps' own controls.
        var room = c.Story ? 0.68 : c.Portrait ? 0.72 : 0.9;
        while (size > 0.035 && top + items.Sum(i => c.TextHeight(Text(i, "body", size, c, 0.86)) + 0.03) > room)
        {
            size *= 0.9;
        }
        // Items arrive one by one across the first half of the scene (at most 0.9 s apart).
        var step = Math.Min(0.9, c.Seconds * 0.5 / Math.Max(1, items.Count));
        for (var k = 0; k < items.Count; k++)
        {
            var item = Text(items[k], "body", size, c, maxWidth: 0.86) with
            {
                Anchor = "top-left", Align = "left", X = 0.02, Y = top, Start = Math.Round(0.3 + k * step, 2), Animate = c.Theme.ItemMotion,
            };
            layers.Add(item);
            top += c.TextHeight(item) + 0.03;
        }
        var shift = Math.Max(0.01, (room - top) / 2);
        return layers.Select(l => l with { Y = Math.Round(l.Y!.Value + shift, 4) }).ToList();
    }

    private static List<Layer> Statistic(PlannedSentence s, LayoutContext c)
    {
        var figure = s.Lead!;
        var size = Math.Min(c.Portrait ? 0.3 : 0.32, 1.5 / Math.Max(3, figure.Length));
        var big = Text(figure, "title", size, c, maxWidth: 0.9) with
        {
            Color = c.OnPicture ? "#FFFFFF" : c.Palette.Accent,
            Animate = new Animate { In = new Animation { Type = "pop", Duration = 0.55, Easing = "back" }, Out = new Animation { Type = "fade", Duration = 0.25 } },
        };
        var blocks = new List<(Layer, double)> { (big, c.TextHeight(big)) };
        if (!c.Story)
        {
            var line = Text(s.Parts[0], "body", c.Portrait ? 0.058 : 0.065, c, maxWidth: 0.8) with
            {
                Animate = new Animate { In = new Animation { Type = "slide-up", Delay = 0.35 }, Out = new Animation { Type = "fade", Duration = 0.25 } },
            };
            blocks.Add((line, c.TextHeight(line)));
        }
        return Stack(blocks, c.Story ? -0.1 : 0, gap: 0.03);
    }

    private static List<Layer> Quote(PlannedSentence s, LayoutContext c)
    {
        // The mark heads the quote it opens, rather than the frame's corner, far from it on 9:16.
        // A quotation mark fills the top half of its line, so it is stacked by that half.
        const double markSize = 0.24;
        var mark = Text("“", "title", markSize, c, maxWidth: 0.3) with
        {
            Color = c.OnPicture ? "#FFFFFF" : c.Palette.Accent, Box = null, Animate = new Animate { In = new Animation { Type = "fade", Duration = 0.6 } },
        };
        var blocks = new List<(Layer, double)> { (mark, c.Tall(markSize) * 0.6) };
        if (!c.Story)
        {
            var words = s.Parts[0];
            var quote = Text(words, "body", words.Length > 120 ? 0.06 : 0.08, c, maxWidth: 0.8) with
            {
                Animate = new Animate { In = new Animation { Type = "words" }, Out = new Animation { Type = "fade", Duration = 0.25 } },
            };
            blocks.Add((quote, c.TextHeight(quote)));
        }
        if (s.Lead is { } by)
        {
            var attribution = Text("— " + by, "body", 0.045, c, maxWidth: 0.8) with
            {
                Color = c.OnPicture ? "#FFFFFF" : c.Palette.Accent, Animate = new Animate { In = new Animation { Type = "fade", Delay = 0.8 } },
            };
            blocks.Add((attribution, c.TextHeight(attribution)));
        }
        return Stack(blocks, c.Story ? -0.1 : 0, gap: 0.02);
    }

    private static List<Layer> EndCard(PlannedSentence s, LayoutContext c)
    {
        var button = Text(s.Text, "title", c.Portrait ? 0.08 : 0.09, c, maxWidth: 0.7) with
        {
            Color = Contrast(c.Palette.Accent),
            Box = new TextBox(c.Palette.Accent, 1, 0.035),
            Animate = new Animate { In = new Animation { Type = "pop", Duration = 0.5, Easing = "back" } },
        };
        var blocks = new List<(Layer, double)>();
        if (c.Icon is { } icon)
        {
            blocks.Add((Icon(icon, 0.16), c.Tall(0.16)));
        }
        blocks.Add((button, c.TextHeight(button) + 0.07));
        return Stack(blocks, c.Story ? -0.1 : 0, gap: 0.05);
    }

    /// <summary>
    /// A numbered step: its number in a disc of the accent colour, its words under it. Every step of
    /// a prompt is laid out alike, so they read as one sequence.
    /// </summary>
    private static List<Layer> Step(PlannedSentence s, LayoutContext c)
    {
        const double disc = 0.2;
        var pop = new Animate { In = new Animation { Type = "pop", Duration = 0.5, Easing = "back" }, Out = new Animation { Type = "fade", Duration = 0.25 } };
        var circle = Accent("circle", disc * Math.Min(c.Output.Width, c.Output.Height) / c.Output.Width, c.Tall(disc), c) with { Animate = pop };
        var blocks = new List<(Layer, double)> { (circle, c.Tall(disc)) };
        if (!c.Story)
        {
            var words = Fitted(size => Text(s.Parts[0], "body", size, c, maxWidth: 0.84), Scaled(c.Portrait ? 0.075 : 0.085, s.Parts[0]), c.Tall(disc) + 0.05, c) with
            {
                Animate = new Animate { In = new Animation { Type = "slide-up", Delay = 0.25 }, Out = new Animation { Type = "fade", Duration = 0.25 } },
            };
            blocks.Add((words, c.TextHeight(words)));
        }
        var layers = Stack(blocks, c.Story ? -0.1 : 0, gap: 0.05);
        var number = Text(s.Lead!, "title", disc * 0.6, c, maxWidth: 0.5) with
        {
            Anchor = "center", Y = layers[0].Y, Color = c.OnPicture ? "#111111" : Contrast(c.Palette.Accent), Box = null, Animate = pop,
        };
        layers.Insert(1, number);
        return layers;
    }

    private static List<Layer> Centred(PlannedSentence s, LayoutContext c)
    {
        if (c.Story)
        {
            return c.Icon is { } icon ? [Icon(icon, 0.3) with { Y = -0.12 }] : [];
        }
        var text = Text(s.Text, "body", Scaled(c.Portrait ? 0.08 : 0.095, s.Text), c, maxWidth: 0.84);
        return Stack([(text, c.TextHeight(text)), (Accent("line", c.Portrait ? 0.2 : 0.1, 0.008, c) with { Animate = Wipe(0.4) }, 0.008)], 0, gap: 0.04);
    }

    private static List<Layer> Barred(PlannedSentence s, LayoutContext c)
    {
        if (c.Story)
        {
            return c.Icon is { } icon ? [Icon(icon, 0.26) with { Anchor = "top-right", X = -0.02, Y = 0.04 }] : [];
        }
        var text = Text(s.Text, "body", Scaled(c.Portrait ? 0.08 : 0.095, s.Text), c, maxWidth: 0.78) with { Anchor = "left", Align = "left", X = 0.045 };
        var bar = Accent("rect", c.Portrait ? 0.02 : 0.012, c.TextHeight(text) + 0.02, c) with
        {
            Anchor = "left", X = 0.005, Animate = new Animate { In = new Animation { Type = "slide-down", Duration = 0.45 } },
        };
        List<Layer> layers = [bar, text];
        if (c.Icon is { } small)
        {
            layers.Add(Icon(small, 0.2) with { Anchor = "top-right", Y = 0.02 });
        }
        return layers;
    }

    private static List<Layer> IconAbove(PlannedSentence s, LayoutContext c)
    {
        var icon = Icon(c.Icon!, 0.26);
        if (c.Story)
        {
            return [icon with { Y = -0.12 }];
        }
        var text = Fitted(size => Text(s.Text, "body", size, c, maxWidth: 0.84), Scaled(c.Portrait ? 0.078 : 0.085, s.Text), c.Tall(0.26) + 0.04, c);
        return Stack([(icon, c.Tall(0.26)), (text, c.TextHeight(text))], 0, gap: 0.04);
    }

    /// <summary>
    /// The text <paramref name="make"/> makes at <paramref name="size"/>, or smaller until it and
    /// the blocks stacked with it (<paramref name="besides"/> tall) fit the room the frame has: a
    /// long hook on a square frame otherwise ran off its top and bottom.
    /// </summary>
    private static Layer Fitted(Func<double, Layer> make, double size, double besides, LayoutContext c)
    {
        var room = c.Story ? 0.62 : c.Portrait ? 0.72 : 0.86;
        var text = make(size);
        while (size > 0.04 && c.TextHeight(text) + besides > room)
        {
            size = Math.Round(size * 0.92, 4);
            text = make(size);
        }
        return text;
    }

    private static List<Layer> Cornered(PlannedSentence s, LayoutContext c)
    {
        var text = Text(s.Text, "body", Scaled(c.Portrait ? 0.08 : 0.095, s.Text), c, maxWidth: 0.8) with { Anchor = "bottom-left", Align = "left", Y = c.Portrait ? -0.2 : -0.04 };
        if (c.Story)
        {
            return [];
        }
        var line = Accent("line", 0.1, 0.01, c) with { Anchor = "bottom-left", Y = text.Y - c.TextHeight(text) - 0.035, Animate = Wipe(0.2) };
        return [line, text];
    }

    /// <summary>Short sentences set larger (up to 30% for a few words), long ones at the base size: the frame is filled either way.</summary>
    private static double Scaled(double size, string text) => Math.Round(size * Math.Clamp(Math.Sqrt(40.0 / Math.Max(1, text.Length)), 1, 1.3), 4);

    /// <summary>Blocks one above the other, the whole stack centred at <paramref name="centre"/> (a fraction of the height from the middle).</summary>
    private static List<Layer> Stack(List<(Layer Layer, double Height)> blocks, double centre, double gap)
    {
        var total = blocks.Sum(b => b.Height) + gap * (blocks.Count - 1);
        var top = centre - total / 2;
        var layers = new List<Layer>();
        foreach (var (layer, height) in blocks)
        {
            layers.Add(layer with { Anchor = "center", Y = Math.Round(top + height / 2, 4) });
            top += height + gap;
        }
        return layers;
    }

    private static Layer Text(string text, string style, double size, LayoutContext c, double maxWidth) => new()
    {
        Type = "text", Text = text, Style = style, Size = size, MaxWidth = maxWidth, Color = c.OnPicture ? "#FFFFFF" : null,
        Box = c.OnPicture ? new TextBox("#000000", 0.55, 0.02) : null,
    };

    private static Layer Icon(string icon, double size) => new()
    {
        Type = "icon", Icon = icon, Size = size,
        Animate = new Animate { In = new Animation { Type = "pop", Duration = 0.5, Easing = "back" }, Float = true },
    };

    private static Layer Accent(string shape, double width, double height, LayoutContext c) => new()
    {
        Type = "shape", Shape = shape, Width = width, Height = height, Fill = c.OnPicture ? "#FFFFFF" : c.Palette.Accent,
    };

    private static Animate Wipe(double delay) => new() { In = new Animation { Type = "wipe", Duration = 0.5, Delay = delay } };

    /// <summary>Dark text on a light accent, light text on a dark one.</summary>
    private static string Contrast(string color)
    {
        var rgb = Convert.FromHexString(color.AsSpan(1));
        return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] > 150 ? "#111111" : "#FFFFFF";
    }
}
