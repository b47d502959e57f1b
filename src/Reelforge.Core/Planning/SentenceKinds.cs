using System.Globalization;
using System.Text.RegularExpressions;

namespace Reelforge.Planning;

/// <summary>What a piece of a prompt is, which decides how its scene is laid out.</summary>
public enum SentenceKind { Body, Hook, List, Statistic, Quote, CallToAction, Step }

/// <summary>A piece of the prompt with what it is and the parts its layout shows.</summary>
public sealed record PlannedSentence(string Text, SentenceKind Kind)
{
    /// <summary>A list's heading, a statistic's figure, a quote's attribution, a step's number.</summary>
    public string? Lead { get; init; }
    /// <summary>A list's items, a statistic's sentence, a quote's words, a step's words after its ordinal.</summary>
    public IReadOnlyList<string> Parts { get; init; } = [];
    public bool Numbered { get; init; }
}

/// <summary>
/// Reads a prompt's sentences for shape: the opening hook, lists ("Three tips: a, b and c", or
/// bulleted and numbered lines), steps ("First, …", "Second, …", "Finally, …"), figures ("90% of …"),
/// quotations, and a closing call to action. Plain patterns on the text, no model: the same prompt
/// always gives the same plan.
/// </summary>
public static partial class SentenceKinds
{
    /// <summary>
    /// Every sentence of a prompt, in order. Sentences led by an ordinal ("First,", "Step 2:",
    /// "Tip #3 -") are numbered steps when there are at least two of them; a "Finally," or "Lastly,"
    /// right after a step is the next one.
    /// </summary>
    public static List<PlannedSentence> ClassifyAll(IReadOnlyList<string> sentences)
    {
        var planned = sentences.Select((s, i) => Classify(s, i, sentences.Count)).ToList();
        for (var i = 1; i < planned.Count; i++)
        {
            if (planned[i - 1].Kind == SentenceKind.Step && planned[i].Kind != SentenceKind.Step
                && Closing().Match(planned[i].Text) is { Success: true } closing && planned[i].Kind != SentenceKind.CallToAction)
            {
                planned[i] = StepOf(planned[i].Text, int.Parse(planned[i - 1].Lead!, CultureInfo.InvariantCulture) + 1, closing.Groups["rest"].Value);
            }
        }
        if (planned.Count(p => p.Kind == SentenceKind.Step) < 2)
        {
            // A lone "First, …" orders nothing: it is read as any other sentence.
            planned = planned.Select((p, i) => p.Kind == SentenceKind.Step ? Classify(p.Text, i, planned.Count, steps: false) : p).ToList();
        }
        return planned;
    }

    public static PlannedSentence Classify(string sentence, int index, int count) => Classify(sentence, index, count, steps: true);

    private static PlannedSentence Classify(string sentence, int index, int count, bool steps)
    {
        if (ListItems().Match(sentence) is { Success: true } list && SplitItems(list.Groups["items"].Value) is { Count: >= 2 and <= 8 } items)
        {
            var heading = list.Groups["head"].Value.Trim();
            return new PlannedSentence(sentence, SentenceKind.List) { Lead = heading, Parts = items, Numbered = CountWord().IsMatch(heading) };
        }
        if (steps && Ordinal().Match(sentence) is { Success: true } ordinal && StepNumber(ordinal) is { } number)
        {
            return StepOf(sentence, number, ordinal.Groups["rest"].Value);
        }
        if (Quotation().Match(sentence) is { Success: true } quote)
        {
            var by = quote.Groups["by"].Value.Trim().TrimEnd('.');
            return new PlannedSentence(sentence, SentenceKind.Quote) { Lead = by.Length > 0 ? by : null, Parts = [quote.Groups["words"].Value.Trim()] };
        }
        if (count > 1 && index == count - 1 && CallToAction().IsMatch(sentence))
        {
            return new PlannedSentence(sentence, SentenceKind.CallToAction);
        }
        if (Figure().Match(sentence) is { Success: true } figure && figure.Value.Trim().Length <= 12)
        {
            // The figure large, the whole sentence under it: cutting the figure out of it rarely reads well.
            return new PlannedSentence(sentence, SentenceKind.Statistic) { Lead = figure.Value.Trim(), Parts = [sentence] };
        }
        return new PlannedSentence(sentence, index == 0 ? SentenceKind.Hook : SentenceKind.Body);
    }

    /// <summary>
    /// Lines of a prompt that are bullets or numbers ("- a", "• b", "1. c") become one list sentence,
    /// headed by the line before them, so the splitter keeps them together.
    /// </summary>
    public static string FoldBulletLines(string prompt)
    {
        var lines = prompt.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var result = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (Bullet().Match(lines[i]) is not { Success: true })
            {
                result.Add(lines[i]);
                continue;
            }
            var items = new List<string>();
            var numbered = char.IsDigit(lines[i].TrimStart()[0]);
            for (; i < lines.Length && Bullet().Match(lines[i]) is { Success: true } bullet; i++)
            {
                items.Add(bullet.Groups["item"].Value.Trim().TrimEnd('.', ';', ','));
            }
            i--;
            var heading = result.Count > 0 && result[^1].Trim().Length > 0 ? result[^1].Trim().TrimEnd(':', '.') : numbered ? $"{items.Count} things" : "In short";
            if (result.Count > 0 && result[^1].Trim().Length > 0)
            {
                result.RemoveAt(result.Count - 1);
            }
            // A sentence of its own: "Heading: a, b, c." (commas inside items are kept by using semicolons).
            result.Add($"{heading}: {string.Join("; ", items)}.");
        }
        return string.Join('\n', result);
    }

    private static List<string> SplitItems(string items)
    {
        var separator = items.Contains(';', StringComparison.Ordinal) ? ItemSemicolons() : ItemCommas();
        return separator.Split(items.Trim().TrimEnd('.', '!', '?'))
            .Select(i => i.Trim())
            .Where(i => i.Length > 0)
            .Select(Capitalise)
            .ToList();
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static PlannedSentence StepOf(string sentence, int number, string rest) =>
        new(sentence, SentenceKind.Step) { Lead = number.ToString(CultureInfo.InvariantCulture), Parts = [Capitalise(rest.Trim())], Numbered = true };

    private static readonly string[] OrdinalWords = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
    private static readonly string[] NumberWords = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

    private static int? StepNumber(Match ordinal)
    {
        if (ordinal.Groups["digits"].Success)
        {
            var n = int.Parse(ordinal.Groups["digits"].Value, CultureInfo.InvariantCulture);
            return n is >= 1 and <= 20 ? n : null;
        }
        var word = ordinal.Groups["word"].Value.ToLowerInvariant();
        var at = Array.FindIndex(OrdinalWords, o => word == o || word == o + "ly");
        at = at >= 0 ? at : Array.IndexOf(NumberWords, word);
        return at >= 0 ? at + 1 : null;
    }

    [GeneratedRegex(@"^(?<head>[^:]{2,80}):\s*(?<items>.+[,;].+)$")]
    private static partial Regex ListItems();

    [GeneratedRegex(@"\s*(?:,|;)?\s*\band\b\s*|\s*,\s*", RegexOptions.IgnoreCase)]
    private static partial Regex ItemCommas();

    [GeneratedRegex(@"\s*;\s*(?:and\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex ItemSemicolons();

    // "First, …", "Secondly: …", "Step 2 - …", "Tip #3: …", "Number four, …", "3) …". A bare ordinal needs its
    // punctuation ("First things first" is no step).
    [GeneratedRegex(@"^\s*(?:(?<word>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(?:ly)?\s*[,:\-—–]|(?:step|tip|rule|lesson|number|no\.)\s*#?\s*(?:(?<digits>\d{1,2})|(?<word>one|two|three|four|five|six|seven|eight|nine|ten))\s*[,:\-—–]?|(?<digits>\d{1,2})\))\s+(?<rest>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"^\s*(?:and\s+)?(?:finally|lastly|last but not least|last)\s*[,:\-—–]\s*(?<rest>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Closing();

    [GeneratedRegex(@"\b(two|three|four|five|six|seven|eight|\d+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CountWord();

    [GeneratedRegex("^\\s*[\"“«](?<words>[^\"”»]{3,400})[\"”»]\\s*(?:[—–-]+\\s*|,?\\s*(?:said|says|wrote)\\s+)?(?<by>[^\"“”]{0,60})$", RegexOptions.IgnoreCase)]
    private static partial Regex Quotation();

    [GeneratedRegex(@"^\s*(?:follow|subscribe|like|share|comment|visit|try|download|sign up|join|learn more|get started|order|book|click|tap|save|start|shop|call|contact|check out|don't miss|read more|watch)\b|\blink in (?:the )?bio\b", RegexOptions.IgnoreCase)]
    private static partial Regex CallToAction();

    [GeneratedRegex(@"(?<![\w.])(?:[$€£]\s?)?\d[\d,]*(?:\.\d+)?\s?(?:%|percent\b|x\b|k\b|m\b|million\b|billion\b|thousand\b|hours?\b|days?\b|years?\b|minutes?\b)?", RegexOptions.IgnoreCase)]
    private static partial Regex Figure();

    [GeneratedRegex(@"^\s*(?:[-*•]|\d{1,2}[.)])\s+(?<item>\S.*)$")]
    private static partial Regex Bullet();
}
