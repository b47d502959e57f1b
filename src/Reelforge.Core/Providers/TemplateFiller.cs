using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Reelforge.Pipeline;
using Reelforge.Templates;

namespace Reelforge.Providers;

/// <summary>
/// Fills the inputs a request left out from its prompt (Blotato's "AI fills inputs"): text by the
/// script provider when one is configured, else by heuristics on the prompt's sentences; images by
/// the configured media sources, searched with the prompt's words. Runs at request time, so a
/// missing input is a 400 the caller can act on, never a failed job. The pictures travel as
/// `data:` URLs, which the request path already stores with the job like any uploaded image.
/// Every provider call's outcome and latency is a note, which the job's events carry (<see cref="Jobs.VideoSpec.Notes"/>).
/// </summary>
public sealed partial class TemplateFiller(IEnumerable<IMediaSource> sources, IOptions<MediaOptions> media, ITemplateInputWriter? writer = null)
{
    /// <summary>Names a person, never in a prompt: left to the template's default when optional, else the caller must send it.</summary>
    private static readonly string[] NameWords = ["name", "handle", "author", "agent", "username", "user"];
    private static readonly string[] TitleWords = ["title", "headline", "heading", "quote", "caption", "text"];

    private readonly IReadOnlyList<IMediaSource> _sources = sources.ToList();

    /// <summary>The inputs with the missing ones filled, or the first input nothing could fill and what would fill it.</summary>
    public async Task<(JsonObject Inputs, InputGap? Gap, IReadOnlyList<string> Notes)> FillAsync(
        VideoTemplate template, JsonObject inputs, string prompt, int width, int height, CancellationToken ct)
    {
        var filled = inputs.DeepClone().AsObject();
        var notes = new List<string>();
        var missing = template.Variables.Where(v => filled[v.Key] is null).ToList();
        var texts = missing.Where(v => v.Type == "text").ToList();
        if (texts.Count > 0)
        {
            var (written, gap) = await TextsAsync(template, texts, prompt, notes, ct);
            if (gap is not null)
            {
                return (filled, gap, notes);
            }
            foreach (var (key, value) in written)
            {
                filled[key] = value;
            }
        }
        foreach (var variable in missing.Where(v => v.Type is "image" or "image_list"))
        {
            var count = variable.Type == "image" ? 1 : Math.Clamp(Sentences(prompt).Count, variable.MinItems ?? 1, Math.Min(variable.MaxItems ?? 20, 5));
            var (pictures, why) = await PicturesAsync(variable.Key, prompt, count, width, height, notes, ct);
            if (pictures.Count == 0)
            {
                if (variable.Required && variable.Default is null)
                {
                    return (filled, new InputGap(variable.Key, $"input '{variable.Key}' {why}"), notes);
                }
                continue;
            }
            if (pictures.Count < (variable.MinItems ?? 1) && variable.Type == "image_list")
            {
                return (filled, new InputGap(variable.Key, $"input '{variable.Key}' needs {variable.MinItems} pictures and the media sources found {pictures.Count} for the prompt's words"), notes);
            }
            filled[variable.Key] = variable.Type == "image" ? pictures[0] : new JsonArray(pictures.Select(p => (JsonNode)JsonValue.Create(p)).ToArray());
        }
        return (filled, null, notes);
    }

    private async Task<(Dictionary<string, string> Written, InputGap? Gap)> TextsAsync(VideoTemplate template, List<TemplateVariable> texts, string prompt, List<string> notes, CancellationToken ct)
    {
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        if (writer is not null)
        {
            var slots = texts.Select(v => new InputSlot(v.Key, v.Label ?? v.Key, v.MaxLength ?? 5000, v.Required, v.Description)).ToList();
            var clock = Stopwatch.StartNew();
            try
            {
                var (values, outcome) = await writer.WriteInputsAsync(prompt, template.Name, slots, ct);
                foreach (var slot in slots)
                {
                    if (values?.GetValueOrDefault(slot.Key) is { Length: > 0 } value)
                    {
                        written[slot.Key] = Cut(value, slot.MaxLength);
                    }
                }
                notes.Add($"inputs: {writer.Name} wrote {written.Count} of {slots.Count} text inputs in {clock.ElapsedMilliseconds} ms ({outcome})");
            }
            catch (ProviderUnavailableException ex)
            {
                notes.Add($"inputs: {writer.Name} failed after {clock.ElapsedMilliseconds} ms ({ex.Message}); the prompt's sentences fill the text inputs");
            }
        }
        var writtenByWriter = written.Keys.ToList();
        var sentences = Sentences(prompt);
        var next = 0;
        foreach (var variable in texts.Where(v => !written.ContainsKey(v.Key)))
        {
            var key = variable.Key.ToLowerInvariant();
            if (NameWords.Any(key.Contains))
            {
                if (variable.Required && variable.Default is null)
                {
                    return (written, new InputGap(variable.Key, $"input '{variable.Key}' is not in the prompt: send it in inputs, or set Script:Provider=openai to have a language model write it"));
                }
                continue;
            }
            // The first text input gets the prompt itself when it fits (a story's prompt, a tweet), a title the first sentence.
            string? value = next == 0 && !TitleWords.Any(key.Contains) && prompt.Length <= (variable.MaxLength ?? 5000) ? prompt
                : next < sentences.Count ? sentences[next]
                : variable.Required && variable.Default is null ? sentences.LastOrDefault() : null;
            if (value is { Length: > 0 })
            {
                written[variable.Key] = Cut(value, variable.MaxLength ?? 5000);
                next++;
            }
            else if (variable.Required && variable.Default is null)
            {
                return (written, new InputGap(variable.Key, $"input '{variable.Key}' is not in the prompt: send it in inputs, or set Script:Provider=openai"));
            }
        }
        var fromPrompt = texts.Where(v => written.ContainsKey(v.Key)).Select(v => v.Key).Except(writtenByWriter).ToList();
        if (fromPrompt.Count > 0)
        {
            notes.Add($"inputs: {string.Join(", ", fromPrompt)} taken from the prompt's sentences" + (writer is null ? " (no script provider is configured)" : ""));
        }
        return (written, null);
    }

    /// <summary>Up to <paramref name="count"/> pictures as data URLs, one search per sentence (then the whole prompt), or none and why.</summary>
    private async Task<(List<string> Pictures, string Why)> PicturesAsync(string input, string prompt, int count, int width, int height, List<string> notes, CancellationToken ct)
    {
        var chosen = media.Value.Sources.Select(n => _sources.FirstOrDefault(s => s.Name == n)).OfType<IMediaSource>().Where(s => s.Configured).ToList();
        if (chosen.Count == 0)
        {
            return ([], $"needs a picture: set Media:Sources ({string.Join(", ", MediaOptions.Names.SkipLast(1))} or {MediaOptions.Names[^1]})"
                + (media.Value.Sources.Count > 0 ? $"; the listed sources ({string.Join(", ", media.Value.Sources)}) are not configured" : ""));
        }
        var sentences = Sentences(prompt);
        var work = Directory.CreateTempSubdirectory("rf-fill-");
        var pictures = new List<string>();
        var reasons = new List<string>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var terms = new[] { i < sentences.Count ? SearchTerms.Of(sentences[i]) : null, SearchTerms.Of(prompt) }.OfType<string>().Distinct().ToList();
                var picture = await FirstAsync(input, terms, i, width, height, chosen, work.FullName, reasons, notes, ct);
                if (picture is not null)
                {
                    pictures.Add(picture);
                }
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
        return (pictures, $"needs a picture and no media source found one for the prompt's words ({string.Join("; ", reasons.Distinct())})");
    }

    private static async Task<string?> FirstAsync(string input, List<string> terms, int index, int width, int height, List<IMediaSource> chosen, string work,
        List<string> reasons, List<string> notes, CancellationToken ct)
    {
        foreach (var words in terms)
        {
            foreach (var source in chosen)
            {
                var clock = Stopwatch.StartNew();
                FoundMedia? found;
                try
                {
                    found = await source.FindAsync(new MediaQuery(words, width, height, Seed: 0, Scene: index), work, ct);
                }
                catch (Exception ex) when (ex is ProviderUnavailableException or AssetRejectedException)
                {
                    reasons.Add($"{source.Name}: {ex.Message}");
                    notes.Add($"inputs: {input} {index + 1}: {source.Name} failed after {clock.ElapsedMilliseconds} ms: {ex.Message}");
                    continue;
                }
                // An image input takes a picture, not a clip.
                if (found is { Kind: AssetKind.Image } && DataUrl(await File.ReadAllBytesAsync(found.Path, ct)) is { } url)
                {
                    notes.Add($"inputs: {input} {index + 1}: image from {source.Name} for \"{words}\" in {clock.ElapsedMilliseconds} ms"
                        + (found.Credit is { } credit ? $"; credit: {credit}" : ""));
                    return url;
                }
                reasons.Add($"{source.Name}: no picture for \"{words}\"");
                notes.Add($"inputs: {input} {index + 1}: {source.Name} had no picture for \"{words}\" ({clock.ElapsedMilliseconds} ms)");
            }
        }
        return null;
    }

    private static string? DataUrl(byte[] bytes)
    {
        var type = bytes switch
        {
            [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
            [0xFF, 0xD8, ..] => "image/jpeg",
            [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
            [0x47, 0x49, 0x46, ..] => "image/gif",
            _ => null,
        };
        return type is null ? null : $"data:{type};base64,{Convert.ToBase64String(bytes)}";
    }

    private static List<string> Sentences(string prompt) =>
        SentenceEnd().Split(prompt.Trim()).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

    /// <summary>At most <paramref name="max"/> characters, cut at a word when one ends late enough.</summary>
    private static string Cut(string text, int max)
    {
        text = text.Trim();
        if (text.Length <= max)
        {
            return text;
        }
        var space = text.LastIndexOf(' ', max - 1, max);
        return (space > max / 2 ? text[..space] : text[..(max - 1)]).TrimEnd() + "…";
    }

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();
}

/// <summary>An input nothing could fill: its key, and a message naming what would fill it.</summary>
public sealed record InputGap(string Key, string Message);
