using System.Text.RegularExpressions;

namespace Reelforge.Providers;

/// <summary>
/// Search words from a sentence, for a stock search or a library match: the longer words in their
/// order, common words left out (a stock search for "the best of our" finds nothing useful).
/// </summary>
public static partial class SearchTerms
{
    private static readonly HashSet<string> Common = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "about", "as",
        "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those", "you", "your", "we", "our",
        "they", "their", "he", "she", "his", "her", "i", "my", "me", "do", "does", "did", "not", "no", "so", "if", "than",
        "then", "can", "will", "just", "more", "most", "very", "how", "what", "why", "when", "which", "who", "all", "some",
        "has", "have", "had", "get", "got", "one", "two", "three", "things", "thing", "here", "there", "every", "each",
        "follow", "subscribe", "like", "link", "bio",
    };

    /// <summary>At most <paramref name="max"/> words, lower case, joined by spaces; the sentence itself when none is left.</summary>
    public static string Of(string sentence, int max = 4)
    {
        var words = Words(sentence).Where(w => w.Length > 2 && !Common.Contains(w)).Distinct().Take(max).ToList();
        return words.Count > 0 ? string.Join(' ', words) : string.Join(' ', Words(sentence).Take(max));
    }

    /// <summary>Lower-case words of letters and digits, with a plural `s` taken off, for matching.</summary>
    public static IEnumerable<string> Stems(string text) => Words(text).Select(w => w.Length > 3 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) ? w[..^1] : w);

    private static IEnumerable<string> Words(string text) =>
        WordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant());

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
