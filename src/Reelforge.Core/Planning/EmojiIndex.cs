using System.Globalization;
using System.Text;
using System.Xml;

namespace Reelforge.Planning;

/// <summary>
/// Picks an emoji for a sentence by matching its words against Unicode CLDR's English emoji names
/// (`type="tts"`) and keywords. Nothing here is a hand-made emoji table: the data is CLDR's; only
/// the stop words and the inflection rules are written by hand. Immutable once loaded, so one
/// instance serves every thread; load it once per process.
/// </summary>
public sealed class EmojiIndex
{
    internal const string DebianAnnotations = "/usr/share/unicode/cldr/common/annotations/en.xml";

    // An exact name beats an exact keyword; an inflected match ("rockets" for "rocket") ranks just
    // below its exact form, so "glasses" prefers the emoji CLDR calls "glasses" over "glass".
    private const int NameWeight = 6, KeywordWeight = 4, InflectionPenalty = 1;

    private readonly string[] emoji;
    private readonly Dictionary<string, Term[]> termsByFirstWord;

    private EmojiIndex(string[] emoji, Dictionary<string, Term[]> termsByFirstWord)
    {
        this.emoji = emoji;
        this.termsByFirstWord = termsByFirstWord;
    }

    /// <summary>Every emoji kept, in CLDR's order, as CLDR spells it (without U+FE0F).</summary>
    internal IReadOnlyList<string> Emoji => emoji;

    /// <summary>Debian's `unicode-cldr-core` files; null when they are not installed.</summary>
    public static EmojiIndex? LoadDefault() =>
        File.Exists(DebianAnnotations) ? Load(DebianAnnotations, DerivedBeside(DebianAnnotations)) : null;

    /// <summary>
    /// CLDR keeps derived sequences (gendered and multi-person emoji) in `annotationsDerived/` next
    /// to `annotations/`, under the same file name; null when that file is absent.
    /// </summary>
    internal static string? DerivedBeside(string annotationsPath)
    {
        var folder = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(annotationsPath)));
        var derived = folder is null ? null : Path.Combine(folder, "annotationsDerived", Path.GetFileName(annotationsPath));
        return derived is not null && File.Exists(derived) ? derived : null;
    }

    /// <summary>
    /// Reads CLDR annotation files (`annotations/en.xml`, optionally `annotationsDerived/en.xml`).
    /// Measured on the 2-core CI machine: 45-75 ms on first use (JIT included), ~10 ms after,
    /// ~0.9 MB retained; a match takes 10-20 µs. Load once per process, never per request.
    /// </summary>
    public static EmojiIndex Load(string annotationsPath, string? derivedPath = null)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var terms = new Dictionary<(int Emoji, string Text), int>();
        Read(annotationsPath, ids, terms);
        if (derivedPath is not null)
        {
            Read(derivedPath, ids, terms);
        }

        var emoji = new string[ids.Count];
        foreach (var (cp, id) in ids)
        {
            emoji[id] = cp;
        }
        var byFirstWord = terms
            .Select(t => new Term(t.Key.Emoji, Tokenize(t.Key.Text), t.Value))
            .Where(t => t.Words.Length > 0)
            .GroupBy(t => t.Words[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        return new EmojiIndex(emoji, byFirstWord);
    }

    private static void Read(string path, Dictionary<string, int> ids, Dictionary<(int, string), int> terms)
    {
        // The files name ldml.dtd by a relative path; the DTD adds nothing we read.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, IgnoreComments = true };
        using var reader = XmlReader.Create(path, settings);
        while (reader.ReadToFollowing("annotation"))
        {
            var cp = reader.GetAttribute("cp");
            var isName = reader.GetAttribute("type") == "tts";
            var text = reader.ReadElementContentAsString();
            if (cp is null || !IsPictographic(cp))
            {
                continue;
            }
            if (!ids.TryGetValue(cp, out var id))
            {
                ids[cp] = id = ids.Count;
            }
            foreach (var part in isName ? [text] : text.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var key = (id, part);
                var weight = isName ? NameWeight : KeywordWeight;
                terms[key] = Math.Max(weight, terms.GetValueOrDefault(key));
            }
        }
    }

    /// <summary>
    /// CLDR also annotates punctuation, arrows, maths and currency; an icon must be a picture. Kept:
    /// a first code point from U+1F000 up or in the emoji-bearing blocks below U+2C00. Dropped: skin
    /// tone and hair components on their own, flags (regional indicators, tag sequences), and every
    /// skin-tone variant (the plain emoji already carries the same words).
    /// </summary>
    internal static bool IsPictographic(string cp)
    {
        var first = Rune.GetRuneAt(cp, 0).Value;
        var inBlock = first >= 0x1F000
            || first is >= 0x2300 and <= 0x23FF   // ⌚ ⌛ ⏰ ⏳ ⌨: emoji among the technical symbols
            || first is >= 0x2600 and <= 0x27BF   // miscellaneous symbols, dingbats
            || first is >= 0x2B00 and <= 0x2BFF;  // ⭐ ⭕ ⬛
        if (!inBlock
            || first is >= 0x2669 and <= 0x266F   // ♪ ♭ ♯: musical text symbols, not emoji
            || first is >= 0x1F1E6 and <= 0x1F1FF
            || first is >= 0x1F9B0 and <= 0x1F9B3)
        {
            return false;
        }
        foreach (var rune in cp.EnumerateRunes())
        {
            if (rune.Value is >= 0x1F3FB and <= 0x1F3FF or >= 0xE0020 and <= 0xE007F)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The emoji whose CLDR name and keywords best cover the sentence's words, or null when none of
    /// its words (past the stop words) names or describes any emoji. Among equally good emoji the
    /// seed chooses, so a sentence and a seed always give the same answer.
    /// </summary>
    public string? Match(string sentence, int seed)
    {
        var words = Tokenize(sentence);
        var forms = words.Select(Forms).ToArray();
        // "coming" is as empty as "come": a word is a stop word when any of its forms is.
        var stop = forms.Select(f => Array.Exists(f, x => IsStopWord(x.Form))).ToArray();
        // Per emoji and word, the best weight any term gave that word; a two-word name ("hot dog")
        // therefore counts for both words and beats either word's single match.
        var best = new Dictionary<(int Emoji, int Word), int>();
        for (var i = 0; i < words.Length; i++)
        {
            foreach (var (form, inflected) in forms[i])
            {
                if (!termsByFirstWord.TryGetValue(form, out var terms))
                {
                    continue;
                }
                foreach (var term in terms)
                {
                    if (!MatchesAt(term.Words, forms, i, inflected, out var anyInflected))
                    {
                        continue;
                    }
                    var weight = term.Weight - (anyInflected ? InflectionPenalty : 0);
                    for (var w = i; w < i + term.Words.Length; w++)
                    {
                        if (!stop[w])
                        {
                            best[(term.Emoji, w)] = Math.Max(weight, best.GetValueOrDefault((term.Emoji, w)));
                        }
                    }
                }
            }
        }
        if (best.Count == 0)
        {
            return null;
        }
        var scores = best.GroupBy(b => b.Key.Emoji, b => b.Value).Select(g => (Emoji: g.Key, Score: g.Sum())).ToList();
        var top = scores.Max(s => s.Score);
        var tied = scores.Where(s => s.Score == top).Select(s => s.Emoji).Order().ToArray();
        return emoji[tied[(int)((uint)seed % (uint)tied.Length)]];
    }

    private static bool MatchesAt(string[] termWords, (string Form, bool Inflected)[][] forms, int start, bool firstInflected, out bool anyInflected)
    {
        anyInflected = firstInflected;
        if (start + termWords.Length > forms.Length)
        {
            return false;
        }
        for (var k = 1; k < termWords.Length; k++)
        {
            var found = false;
            foreach (var (form, inflected) in forms[start + k])
            {
                if (form == termWords[k])
                {
                    found = true;
                    anyInflected |= inflected;
                    break;
                }
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Lower-case runs of letters; CLDR's terms are split the same way, so "t-shirt" meets "T-shirt".</summary>
    internal static string[] Tokenize(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }
        return [.. words];
    }

    /// <summary>The word itself, then the stems it may inflect (each at least three letters).</summary>
    internal static (string Form, bool Inflected)[] Forms(string word)
    {
        var forms = new List<(string, bool)> { (word, false) };
        void Stem(string suffix, string replacement = "")
        {
            if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                var stem = word[..^suffix.Length] + replacement;
                if (!forms.Exists(f => f.Item1 == stem))
                {
                    forms.Add((stem, true));
                }
            }
        }
        Stem("ies", "y");
        Stem("es");
        if (!word.EndsWith("ss", StringComparison.Ordinal))
        {
            Stem("s");
        }
        foreach (var suffix in (string[])["ing", "ed"])
        {
            Stem(suffix);
            Stem(suffix, "e");
            // running -> run, stopped -> stop
            if (word.Length - suffix.Length >= 4 && word[^(suffix.Length + 1)] == word[^(suffix.Length + 2)])
            {
                Stem(word[^(suffix.Length + 1)..]);
            }
        }
        return [.. forms];
    }

    internal static bool IsStopWord(string word) => word.Length < 2 || StopWords.Contains(word);

    // English function words; numbers, which in "Three tips" count things rather than name them (CLDR
    // would answer with a clock face), and ordinals; and light verbs, which CLDR gives to a few hands ("come": 🫴).
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "nor", "if", "then", "than", "so", "as", "because", "while", "though",
        "of", "in", "on", "at", "to", "for", "from", "by", "with", "without", "about", "into", "onto", "over", "under",
        "up", "down", "out", "off", "through", "between", "against", "after", "before", "during", "until", "around", "across",
        "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "have", "has", "had", "having",
        "can", "could", "will", "would", "shall", "should", "may", "might", "must", "let", "lets",
        "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours", "he", "him", "his", "she", "her", "hers",
        "it", "its", "they", "them", "their", "theirs", "this", "that", "these", "those", "there", "here",
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how",
        "all", "any", "some", "no", "not", "only", "own", "same", "too", "very", "just", "also", "again", "once",
        "more", "most", "less", "other", "such", "each", "every", "both", "few", "many", "much", "ll", "re", "ve",
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "hundred", "thousand", "million",
        // Ordinals order steps ("Second, lay out your clothes"); CLDR would answer with a medal.
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
        "firstly", "secondly", "thirdly", "finally", "lastly", "next", "step",
        "come", "go", "get", "got", "make", "made", "take", "took", "give", "gave", "put", "say", "said", "see", "saw", "seen",
        "know", "knew", "want", "use", "way", "thing", "lot", "now", "even", "still", "really", "well", "back",
    };

    private sealed record Term(int Emoji, string[] Words, int Weight);
}
