using System.Diagnostics;
using Microsoft.Extensions.Options;
using Reelforge.Blobs;
using Reelforge.Jobs;
using Reelforge.Pipeline;
using Reelforge.Planning;
using Reelforge.Timelines;

namespace Reelforge.Providers;

/// <summary>
/// Plans a prompt with the configured providers: the script writer turns a topic into scenes (or
/// the prompt's sentences are the scenes), the media sources give each scene a picture, tried in
/// order, and the planner lays them out. Every provider call's outcome is told to
/// <c>note</c> (the job's events); with nothing configured this is exactly the offline planner.
/// </summary>
public sealed class ProviderPlanning(
    IEnumerable<IMediaSource> sources, IOptions<MediaOptions> media, IBlobStore blobs, PlannerIcons? icons = null, IScriptWriter? writer = null,
    IOptions<ProviderCallOptions>? calls = null)
{
    public const string Literal = "literal", Write = "write";
    public const string Auto = "auto", None = "none";

    private readonly IReadOnlyList<IMediaSource> _sources = sources.ToList();

    /// <summary>Every value the request's `visuals` may take.</summary>
    public static IReadOnlyList<string> VisualsValues => [Auto, None, .. MediaOptions.Names];

    public async Task<Timeline> PlanAsync(Job job, OutputSpec output, int seed, string? firstImage, string work, Func<string, Task> report, CancellationToken ct)
    {
        var spec = job.Spec;
        // Scenes are fetched side by side, but their notes go to the job one at a time.
        using var turn = new SemaphoreSlim(1, 1);
        async Task note(string message)
        {
            await turn.WaitAsync(CancellationToken.None);
            try
            {
                await report(message);
            }
            finally
            {
                turn.Release();
            }
        }
        var style = spec.Style ?? "slides";
        var written = await WriteAsync(spec, style, output, note, ct);
        var chosen = await ChosenSourcesAsync(spec.Visuals, note);
        Timeline timeline;
        if (written is null && chosen.Count == 0)
        {
            timeline = PromptPlanner.Plan(spec.Prompt, spec.Seconds, output, seed, firstImage, style, spec.Theme, icons);
        }
        else
        {
            written ??= PromptPlanner.Sentences(spec.Prompt, spec.Seconds, style).Select(s => new WrittenScene(s, s, SearchTerms.Of(s))).ToList();
            var scenes = written.ToArray();
            var found = new (Background Picture, SceneSource Source)?[scenes.Length];
            // Every scene at once, each source asked for at most MaxConcurrentPerProvider scenes at a time.
            var gates = chosen.ToDictionary(s => s.Name, _ => new SemaphoreSlim(calls?.Value.MaxConcurrentPerProvider ?? 3));
            await Task.WhenAll(Enumerable.Range(0, scenes.Length).Select(async i =>
            {
                // The request's own first frame wins over anything a source could find.
                if (i == 0 && firstImage is not null)
                {
                    scenes[i] = scenes[i] with { Picture = new Background { Image = new ImageFill { Src = firstImage, Motion = "zoom-in" } } };
                }
                else if (chosen.Count > 0 && await PictureAsync(job.Id, written[i], i, output, seed, chosen, gates, work, note, ct) is { } picture)
                {
                    found[i] = picture;
                    scenes[i] = scenes[i] with { Picture = picture.Picture };
                }
            }));
            foreach (var gate in gates.Values)
            {
                gate.Dispose();
            }
            timeline = PromptPlanner.Plan(scenes, spec.Seconds, output, seed, style, spec.Theme, icons);
            timeline = WithSources(timeline, found.OfType<(Background Picture, SceneSource Source)>().ToList());
        }
        return spec.Voice is { } voice ? WithVoice(timeline, voice) : timeline;
    }

    private async Task<IReadOnlyList<WrittenScene>?> WriteAsync(VideoSpec spec, string style, OutputSpec output, Func<string, Task> note, CancellationToken ct)
    {
        // `story` and a template's `prompt` are written by the script provider too, unless the request said `literal`.
        var asked = spec.Script == Write || (spec.Script != Literal && (style == "story" || spec.TemplateId is not null));
        if (!asked || writer is null)
        {
            if (spec.Script == Write)
            {
                await note("script: no script provider is configured (Script:Provider); the built-in planner made the scenes from the prompt");
            }
            return null;
        }
        var clock = Stopwatch.StartNew();
        ScriptResult result;
        try
        {
            result = await writer.WriteAsync(new ScriptRequest(spec.Prompt, spec.Seconds, style, output.Width, output.Height), ct);
        }
        catch (ProviderUnavailableException ex)
        {
            result = new ScriptResult(null, ex.Message);
        }
        if (result.Scenes is not { Count: > 0 } scenes)
        {
            await note($"script: {writer.Name} failed ({result.Outcome}) after {clock.ElapsedMilliseconds} ms; the built-in planner made the scenes from the prompt");
            return null;
        }
        await note($"script: {writer.Name} wrote {scenes.Count} scenes in {clock.ElapsedMilliseconds} ms ({result.Outcome})");
        // A slide needs at least a second on screen: fold the tail into the last scene, as the planner does with sentences.
        var max = style == "story" ? 100 : Math.Max(1, (int)Math.Floor((double)spec.Seconds));
        var list = scenes.ToList();
        while (list.Count > max)
        {
            var last = list[^1];
            list.RemoveAt(list.Count - 1);
            list[^1] = list[^1] with { Text = list[^1].Text + " " + last.Text, Narration = list[^1].Narration + " " + last.Narration };
        }
        return list;
    }

    private async Task<IReadOnlyList<IMediaSource>> ChosenSourcesAsync(string? visuals, Func<string, Task> note)
    {
        var names = (visuals ?? Auto) switch
        {
            None => [],
            Auto => media.Value.Sources,
            var one => [one],
        };
        var chosen = new List<IMediaSource>();
        foreach (var name in names)
        {
            var source = _sources.FirstOrDefault(s => s.Name == name);
            if (source is null)
            {
                await note($"media: there is no source named '{name}' (known: {string.Join(", ", MediaOptions.Names)})");
            }
            else if (!source.Configured)
            {
                await note($"media: {name} is not configured (see docs/providers.md) and is skipped");
            }
            else
            {
                chosen.Add(source);
            }
        }
        if (names.Count > 0 && chosen.Count == 0)
        {
            await note("media: no media source can be used; every scene gets the offline look");
        }
        return chosen;
    }

    /// <summary>The first source in order that gives a picture, and where it came from; null (the offline look) when none does.</summary>
    private async Task<(Background Picture, SceneSource Source)?> PictureAsync(string jobId, WrittenScene scene, int index, OutputSpec output, int seed,
        IReadOnlyList<IMediaSource> chosen, IReadOnlyDictionary<string, SemaphoreSlim> gates, string work, Func<string, Task> note, CancellationToken ct)
    {
        var query = new MediaQuery(scene.Visual, output.Width, output.Height, seed, index);
        var reasons = new List<string>();
        foreach (var source in chosen)
        {
            var clock = Stopwatch.StartNew();
            FoundMedia? found;
            await gates[source.Name].WaitAsync(ct);
            try
            {
                found = await source.FindAsync(query, work, ct);
            }
            catch (Exception ex) when (ex is ProviderUnavailableException or AssetRejectedException)
            {
                reasons.Add($"{source.Name}: {ex.Message}");
                await note($"media: scene {index + 1}: {source.Name} failed after {clock.ElapsedMilliseconds} ms: {ex.Message}");
                continue;
            }
            finally
            {
                gates[source.Name].Release();
            }
            if (found is null)
            {
                reasons.Add($"{source.Name}: nothing for \"{query.Terms}\"");
                await note($"media: scene {index + 1}: {source.Name} had nothing for \"{query.Terms}\" ({clock.ElapsedMilliseconds} ms)");
                continue;
            }
            // Stored with the job, so the timeline (stored once) names it and a retry never asks again.
            var key = BlobKeys.Output(jobId, $"media-scene-{index:D3}{Path.GetExtension(found.Path)}");
            await blobs.PutFileAsync(key, found.Path, ct);
            await note($"media: scene {index + 1}: {found.Kind.ToString().ToLowerInvariant()} from {source.Name} for \"{query.Terms}\" in {clock.ElapsedMilliseconds} ms"
                + (found.Credit is { } credit ? $"; credit: {credit}" : ""));
            var picture = found.Kind == AssetKind.Video
                ? new Background { Video = new VideoFill { Src = "blob:" + key, Fill = "loop" } }
                : new Background { Image = new ImageFill { Src = "blob:" + key, Motion = "zoom-in", Zoom = 1.15 } };
            return (picture, new SceneSource(source.Name, found.Credit));
        }
        await note($"media: scene {index + 1}: no source gave a picture ({string.Join("; ", reasons)}); it gets the offline look");
        return null;
    }

    /// <summary>Marks each planned scene whose background is a found picture with its source (the planner keeps pictures, not where they came from).</summary>
    private static Timeline WithSources(Timeline timeline, IReadOnlyList<(Background Picture, SceneSource Source)> found)
    {
        var bySrc = found.ToDictionary(f => f.Picture.Image?.Src ?? f.Picture.Video!.Src, f => f.Source, StringComparer.Ordinal);
        return timeline with
        {
            Scenes = timeline.Scenes.Select(s => (s.Background.Image?.Src ?? s.Background.Video?.Src) is { } src && bySrc.TryGetValue(src, out var source) ? s with { Source = source } : s).ToList(),
        };
    }

    private static Timeline WithVoice(Timeline timeline, string voice) => timeline with
    {
        Scenes = timeline.Scenes.Select(s => s.Narration is { } n ? s with { Narration = n with { Voice = voice } } : s).ToList(),
    };
}
