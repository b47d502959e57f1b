using System.Text.RegularExpressions;

namespace Reelforge.Planning;

/// <summary>What a piece of a prompt is, which decides how its scene is laid out.</summary>
public enum SentenceKind { Body, Hook, List, Statistic, Quote, CallToAction }

/// <summary>A piece of the prompt with what it is and the parts its layout shows.</summary>
public sealed record PlannedSentence(string Text, SentenceKind Kind)
{
    /// <summary>A list's heading, a statistic's figure, a quote's attribution.</summary>
    public string? Lead { get; init; }
    /// <summary>A list's items, a statistic's sentence, a quote's words.</summary>
    public IReadOnlyList<string> Parts { get; init; } = [];
    public bool Numbered { get; init; }
}

/// <summary>
/// Reads a prompt's sentences for shape: the opening hook, lists ("Three tips: a, b and c", or
/// bulleted and numbered lines), figures ("90% of …"), quotations, and a closing call to action.
/// Plain patterns on the text, no model: the same prompt always gives the same plan.
/// </summary>
public static partial class SentenceKinds
{
    public static PlannedSentence Classify(string sentence, int index, int count)
    {
        if (ListItems().Match(sentence) is { Success: true } list && SplitItems(list.Groups["items"].Value) is { Count: >= 2 and <= 8 } items)
        {
            var heading = list.Groups["head"].Value.Trim();
            return new PlannedSentence(sentence, SentenceKind.List) { Lead = heading, Parts = items, Numbered = CountWord().IsMatch(heading) };
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

    [GeneratedRegex(@"^(?<head>[^:]{2,80}):\s*(?<items>.+[,;].+)$")]
    private static partial Regex ListItems();

    [GeneratedRegex(@"\s*(?:,|;)?\s*\band\b\s*|\s*,\s*", RegexOptions.IgnoreCase)]
    private static partial Regex ItemCommas();

    [GeneratedRegex(@"\s*;\s*(?:and\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex ItemSemicolons();

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
