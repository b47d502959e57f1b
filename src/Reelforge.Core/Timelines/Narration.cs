namespace Reelforge.Timelines;

/// <summary>Speech for a scene. It starts once the transition into the scene has finished.</summary>
public sealed record Narration
{
    public required string Text { get; init; }
    /// <summary>What <see cref="Voice"/> is when nobody chose one.</summary>
    public const string DefaultVoice = "en";

    /// <summary>
    /// An espeak-ng voice: a language code such as `en`, `en-us`, `fr`, `de`, `es`, optionally with a
    /// variant (`en+f3`). Left at the default, espeak-ng speaks in the language of the text's script
    /// (Chinese, Japanese, Korean, Arabic, Cyrillic, …: EspeakVoices).
    /// </summary>
    public string Voice { get; set; } = DefaultVoice;
    /// <summary>Words per minute (80-450).</summary>
    public int Rate { get; set; } = 175;

    /// <summary>The spoken audio, once made (a local WAV file): what the renderer mixes. Never read from a request.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? AudioPath { get; init; }
}

/// <summary>Burned-in captions for narrated scenes: short word groups timed to the speech.</summary>
public sealed record Captions
{
    /// <summary>
    /// `highlight`: a line of two groups, the one being spoken in `highlight`; `groups`: the group
    /// being spoken alone; `karaoke`: the spoken word fills with `highlight` as it is said; `pop`: the
    /// spoken word grows; `boxed`: a box moves behind the spoken word; `word`: one big word at a
    /// time; `plain`: up to two lines, no emphasis; `off`.
    /// </summary>
    public string Mode { get; set; } = "highlight";
    /// <summary>Words per group (`plain` shows at least seven).</summary>
    public int Words { get; set; } = 3;
    /// <summary>The words' colour; null: the theme's text colour on a light theme, else white.</summary>
    public string? Color { get; set; }
    /// <summary>The emphasis colour; null: the theme's accent, else yellow (<see cref="DefaultHighlight"/>).</summary>
    public string? Highlight { get; set; }

    public const string DefaultHighlight = "#FFD60A";
    /// <summary>Font size as a fraction of the frame's shorter side.</summary>
    public double Size { get; set; } = 0.075;
    /// <summary>`bottom`, `center` or `top`, inside the safe area (on 9:16, above the apps' own controls); null: `center` for `word`, else `bottom`.</summary>
    public string? Position { get; set; }
    /// <summary>A font family installed on the server (bold is used); null: the theme's, else DejaVu Sans.</summary>
    public string? Font { get; set; }
    /// <summary>Moves the captions from their position towards the middle, as a fraction of the frame height.</summary>
    public double Offset { get; set; }
    public bool Uppercase { get; set; }
    /// <summary>A dark stroke around the letters; null: on, except on a light theme's ground.</summary>
    public bool? Outline { get; set; }
    public bool Shadow { get; set; }
    /// <summary>A dark box behind the words; null: on for `highlight`, `groups` and `plain`.</summary>
    public bool? Box { get; set; }

    public static readonly IReadOnlyList<string> Modes = ["highlight", "groups", "karaoke", "pop", "boxed", "word", "plain", "off"];
    public static readonly IReadOnlyList<string> Positions = ["bottom", "center", "top"];

    public bool ShowsBox => Box ?? Mode is "highlight" or "groups" or "plain";

    public string Where => Position ?? (Mode == "word" ? "center" : "bottom");

    /// <summary>
    /// How the words are shown, group after group: each group is the words on screen together (by
    /// index into <paramref name="count"/> words). `word` shows one at a time, `plain` a two-line block.
    /// </summary>
    public IReadOnlyList<Range> Groups(int count)
    {
        var size = Mode switch
        {
            "word" => 1,
            "plain" => Math.Max(Words, 7),
            _ => Math.Max(1, Words),
        };
        // Balanced: eight words at seven a group are four and four, not seven and a lonely one.
        var groups = (count + size - 1) / size;
        var result = new List<Range>(groups);
        for (int g = 0, start = 0; g < groups; g++)
        {
            var length = count / groups + (g < count % groups ? 1 : 0);
            result.Add(new Range(start, start + length));
            start += length;
        }
        return result;
    }

    /// <summary>Silence after a group's last word before it leaves the screen (unless the next group comes first).</summary>
    public const double Linger = 0.3;

    /// <summary>
    /// When each group is on screen: from its first word until the next group's first word, the last
    /// group until <see cref="Linger"/> after its last word; nothing outlives <paramref name="end"/>.
    /// </summary>
    public IReadOnlyList<CaptionGroup> Timed(IReadOnlyList<CaptionWord> words, double end)
    {
        var groups = Groups(words.Count);
        var timed = new List<CaptionGroup>(groups.Count);
        for (var g = 0; g < groups.Count; g++)
        {
            var start = words[groups[g].Start.Value].Start;
            var until = g + 1 < groups.Count ? words[groups[g + 1].Start.Value].Start : words[groups[g].End.Value - 1].End + Linger;
            until = Math.Min(until, end);
            if (until > start)
            {
                timed.Add(new CaptionGroup(groups[g], start, until));
            }
        }
        return timed;
    }
}

/// <summary>A group of captions on screen: which words, from when to when (seconds into the scene).</summary>
public sealed record CaptionGroup(Range Words, double Start, double End);

/// <summary>A word of a captions layer and when it is spoken, in seconds into the scene.</summary>
public sealed record CaptionWord(string Text, double Start, double End);

/// <summary>Music under the whole video.</summary>
public sealed record Soundtrack
{
    public required string Src { get; init; }
    public double Volume { get; set; } = 0.3;
    /// <summary>Start again when it ends (else silence after it).</summary>
    public bool Loop { get; set; } = true;
    /// <summary>Lower it while a scene's narration speaks.</summary>
    public bool Duck { get; set; } = true;
}
