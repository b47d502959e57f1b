namespace Reelforge.Timelines;

/// <summary>A palette whose colours work together: a dark or light ground, its gradient partner, text on it, and an accent.</summary>
public sealed record Palette(string Ground, string GroundTo, string Text, string Accent);

/// <summary>
/// A designed look: fonts, palettes, motion, captions and transitions chosen together, so that the
/// defaults agree with each other. Everything a theme sets is a default: a timeline's own fields win.
/// </summary>
public sealed record Theme
{
    public required string Name { get; init; }
    public required string TitleFont { get; init; }
    public required string BodyFont { get; init; }
    /// <summary>The fonts' average advance in em, so the planner can estimate how many lines a text takes.</summary>
    public double TitleGlyph { get; init; } = 0.56;
    public double BodyGlyph { get; init; } = 0.56;
    /// <summary>Its grounds are light, so captions are dark words without a stroke.</summary>
    public bool LightGround { get; init; }
    /// <summary>Titles are set in capitals (display faces such as Bebas Neue are drawn for it).</summary>
    public bool UppercaseTitles { get; init; }
    /// <summary>The seed picks one; scenes step through the rest so neighbours differ.</summary>
    public required IReadOnlyList<Palette> Palettes { get; init; }
    public required Animate TitleMotion { get; init; }
    public required Animate BodyMotion { get; init; }
    /// <summary>How list items arrive, one after another.</summary>
    public required Animate ItemMotion { get; init; }
    public required string CaptionMode { get; init; }
    public required Transition Transition { get; init; }
    /// <summary>Backgrounds are gradients that drift, rather than flat colour.</summary>
    public bool MovingGradient { get; init; }
    public bool Grain { get; init; }
    public bool Vignette { get; init; }
}

public static class Themes
{
    private static Animate Motion(string @in, string @out, double duration = 0.5, string easing = "ease-out") => new()
    {
        In = new Animation { Type = @in, Duration = duration, Easing = easing },
        Out = new Animation { Type = @out, Duration = 0.25, Easing = "ease-in" },
    };

    public static readonly IReadOnlyDictionary<string, Theme> All = new Dictionary<string, Theme>(StringComparer.Ordinal)
    {
        ["bold"] = new()
        {
            Name = "bold", TitleFont = "Bebas Neue", BodyFont = "Inter", UppercaseTitles = true, TitleGlyph = 0.34, BodyGlyph = 0.55,
            Palettes =
            [
                new("#111114", "#2B1B3D", "#FFFFFF", "#FF4D4D"), new("#0E1A2B", "#123A5A", "#FFFFFF", "#FFC93C"),
                new("#1B1B1B", "#3A1F0F", "#FFFFFF", "#FF8A00"), new("#0F1F17", "#16402B", "#FFFFFF", "#3DDC84"),
            ],
            TitleMotion = Motion("pop", "fade", 0.45, "back"), BodyMotion = Motion("slide-up", "fade"), ItemMotion = Motion("slide-left", "fade", 0.4),
            CaptionMode = "pop", Transition = new Transition { Type = "smooth-left", Duration = 0.4 }, MovingGradient = true, Vignette = true,
        },
        ["minimal"] = new()
        {
            Name = "minimal", TitleFont = "Inter", BodyFont = "Inter", TitleGlyph = 0.6, BodyGlyph = 0.55, LightGround = true,
            Palettes =
            [
                new("#F6F5F1", "#ECEAE3", "#15171A", "#2F6FEB"), new("#FFFFFF", "#F0F2F5", "#111111", "#E4572E"),
                new("#EEF1EC", "#E1E7DD", "#1C211B", "#3B7A57"),
            ],
            TitleMotion = Motion("slide-up", "fade", 0.6), BodyMotion = Motion("fade", "fade", 0.6), ItemMotion = Motion("slide-up", "fade", 0.45),
            CaptionMode = "plain", Transition = new Transition { Type = "crossfade", Duration = 0.5 },
        },
        ["neon"] = new()
        {
            Name = "neon", TitleFont = "League Spartan", BodyFont = "Inter", TitleGlyph = 0.55, BodyGlyph = 0.55,
            Palettes =
            [
                new("#0D0221", "#2A0944", "#FFFFFF", "#00F0FF"), new("#07001F", "#1B0B4A", "#FFFFFF", "#FF2A6D"),
                new("#020B1C", "#06324D", "#FFFFFF", "#39FF14"),
            ],
            TitleMotion = Motion("blur", "fade", 0.6), BodyMotion = Motion("zoom", "fade"), ItemMotion = Motion("pop", "fade", 0.4, "back"),
            CaptionMode = "karaoke", Transition = new Transition { Type = "circle-open", Duration = 0.5 }, MovingGradient = true, Vignette = true,
        },
        ["paper"] = new()
        {
            Name = "paper", TitleFont = "Noto Serif", BodyFont = "Noto Serif", TitleGlyph = 0.6, BodyGlyph = 0.55, LightGround = true,
            Palettes =
            [
                new("#F3EAD7", "#E8DCC2", "#2B2118", "#B23A2B"), new("#EFE6D2", "#E3D5B8", "#26231F", "#2E5E4E"),
                new("#F5EFE0", "#E9DFC9", "#2A2A2A", "#8C5A2B"),
            ],
            TitleMotion = Motion("words", "fade", 0.8), BodyMotion = Motion("fade", "fade", 0.7), ItemMotion = Motion("fade", "fade", 0.5),
            CaptionMode = "boxed", Transition = new Transition { Type = "fade-slow", Duration = 0.6 }, Vignette = true,
        },
        ["corporate"] = new()
        {
            Name = "corporate", TitleFont = "Lato", BodyFont = "Lato", TitleGlyph = 0.56, BodyGlyph = 0.5,
            Palettes =
            [
                new("#0F2A44", "#1C4670", "#FFFFFF", "#F2A900"), new("#12263A", "#1F4E5F", "#FFFFFF", "#4FC3F7"),
                new("#1E2A38", "#34495E", "#FFFFFF", "#2ECC71"),
            ],
            TitleMotion = Motion("slide-right", "fade"), BodyMotion = Motion("fade", "fade"), ItemMotion = Motion("slide-right", "fade", 0.4),
            CaptionMode = "highlight", Transition = new Transition { Type = "slide-left", Duration = 0.5 },
        },
    };

    public static readonly IReadOnlyList<string> Names = [.. All.Keys];

    /// <summary>Scene <paramref name="scene"/>'s palette: the seed picks the first, scenes step through the rest.</summary>
    public static Palette PaletteFor(Theme theme, int seed, int scene) =>
        theme.Palettes[(int)(((uint)seed % (uint)theme.Palettes.Count + (uint)scene) % (uint)theme.Palettes.Count)];

    /// <summary>The theme a seed picks when a request names none.</summary>
    public static Theme ForSeed(int seed) => All[Names[(int)((uint)seed % (uint)Names.Count)]];
}
