using System.Diagnostics;
using Microsoft.Extensions.Options;
using Reelforge.Blobs;
using Reelforge.Engine;
using Reelforge.Jobs;
using Reelforge.Pipeline;
using Reelforge.Timelines;

namespace Reelforge.Providers;

/// <summary>
/// Scenes rendered by the upstream video service: a forwarded create is a one-scene timeline whose
/// background is generated upstream, and every `generate` background is made upstream, stored
/// with the job and turned into a `video` background before Reelforge renders its own layers over it.
/// </summary>
public sealed class UpstreamScenes(IUpstreamVideos upstream, IBlobStore blobs, IOptions<UpstreamOptions> options)
{
    public const string Provider = "upstream";

    /// <summary>Whether a native create asking for <paramref name="model"/> is forwarded as it is.</summary>
    public bool Forwards(string model) => options.Value.Configured && options.Value.Models.Contains(model, StringComparer.Ordinal);

    public static bool Needed(Timeline timeline) => timeline.Scenes.Any(s => s.Background.Generate is not null);

    /// <summary>A forwarded create: one scene, the upstream's clip with its own sound, nothing drawn over it.</summary>
    public static Timeline Forwarded(VideoSpec spec, int fps) => new()
    {
        Output = new OutputSpec { Width = spec.Width, Height = spec.Height, Fps = fps },
        Scenes =
        [
            new Scene
            {
                Duration = spec.Seconds,
                Background = new Background { Generate = new GenerateFill { Prompt = spec.Prompt, Seconds = spec.Seconds, Model = spec.Model, Audio = true } },
            },
        ],
    };

    /// <summary>
    /// Makes every `generate` background upstream, <see cref="UpstreamOptions.MaxConcurrent"/> at a
    /// time, and returns the timeline with each replaced by the stored clip (a `blob:` video) and
    /// the scene's source set. Each upstream id is checkpointed as soon as the upstream answers the
    /// create, and a later attempt follows it rather than creating another. A run stopped because
    /// the job was cancelled or deleted deletes the upstream videos it knows of.
    /// </summary>
    public async Task<Timeline> GenerateAsync(string jobId, Timeline timeline, string work, UpstreamCalls calls, CancellationToken ct)
    {
        var (fetch, progress, note) = (calls.Fetch, calls.Progress, calls.Note);
        var known = new System.Collections.Concurrent.ConcurrentDictionary<int, string>();
        var scenes = timeline.Scenes.ToArray();
        var wanted = Enumerable.Range(0, scenes.Length).Where(i => scenes[i].Background.Generate is not null).ToList();
        var fractions = new double[scenes.Length];
        // Reports go to one job at a time: the scenes' callbacks take turns.
        using var turn = new SemaphoreSlim(1, 1);
        async Task Serially(Func<Task> report)
        {
            await turn.WaitAsync(CancellationToken.None);
            try
            {
                await report();
            }
            finally
            {
                turn.Release();
            }
        }

        try
        {
            await Parallel.ForEachAsync(wanted, new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrent, CancellationToken = ct }, async (i, token) =>
            {
                var scene = scenes[i];
                var generate = scene.Background.Generate!;
                var model = generate.Model ?? options.Value.Models.FirstOrDefault()
                    ?? throw new JobFailedException("upstream_not_configured", "A generated background needs Upstream:Models.", retryable: false);
                var image = generate.Image is { } start ? DataUrl(await fetch(start, i)) : null;
                var request = new UpstreamRequest(model, generate.Prompt, generate.Seconds ?? Math.Max(1, (int)Math.Ceiling(scene.Seconds - 1e-9)),
                    timeline.Output.Width, timeline.Output.Height, image);
                var local = Path.Combine(work, $"upstream-scene-{i:D3}.mp4");
                var clock = Stopwatch.StartNew();
                string id;
                var resume = calls.Resume(i);
                if (resume is not null)
                {
                    known[i] = resume;
                }
                try
                {
                    id = await upstream.RenderAsync(request, resume, local,
                        made => Serially(async () =>
                        {
                            known[i] = made;
                            await calls.Created(i, made);
                        }),
                        f => new ValueTask(Serially(async () =>
                        {
                            fractions[i] = f;
                            await progress(wanted.Sum(w => fractions[w]) / wanted.Count);
                        })),
                        message => Serially(() => note($"upstream: scene {i + 1}: {message}")), token);
                }
                catch (ProviderUnavailableException ex)
                {
                    throw new JobFailedException("upstream_unavailable", ex.Message, retryable: true, ex);
                }
                catch (AssetRejectedException ex)
                {
                    throw new JobFailedException(ex.Code, $"The upstream video for scene {i + 1} was refused: {ex.Message}", retryable: false, ex);
                }
                // Stored with the job: the timeline checkpointed after this names it, so a retry never asks again.
                var key = BlobKeys.Output(jobId, $"upstream-scene-{i:D3}.mp4");
                await blobs.PutFileAsync(key, local, token);
                await Serially(() => note($"upstream: scene {i + 1}: video {id} from {model} in {clock.ElapsedMilliseconds} ms"));
                scenes[i] = scene with
                {
                    Background = scene.Background with { Generate = null, Video = new VideoFill { Src = "blob:" + key, Fill = "freeze", Audio = generate.Audio } },
                    Source = new SceneSource(Provider, $"Generated by {model} (upstream video {id})"),
                };
            });
        }
        catch (Exception ex) when (ex is OperationCanceledException or LeaseLostException)
        {
            // Cancelled or deleted: the upstream's work is not wanted either. (Stopped for any other
            // reason, shutdown or a rescue, the job runs again and follows these videos.)
            if (await calls.Ended())
            {
                foreach (var id in known.Values)
                {
                    await upstream.DeleteAsync(id, message => note($"upstream: {message}"));
                }
            }
            throw;
        }
        return timeline with { Scenes = scenes };
    }

    /// <summary>What <see cref="GenerateAsync"/> asks of the job it works for.</summary>
    /// <param name="Fetch">A `generate.image` source of scene i as a local, checked file.</param>
    /// <param name="Resume">The upstream video an earlier attempt created for scene i, if any.</param>
    /// <param name="Created">Checkpoints scene i's new upstream video id.</param>
    /// <param name="Ended">Whether the job was cancelled or deleted.</param>
    /// <param name="Progress">The mean progress of the scenes made upstream (0-1).</param>
    public sealed record UpstreamCalls(
        Func<string, int, Task<string>> Fetch, Func<int, string?> Resume, Func<int, string, Task> Created, Func<Task<bool>> Ended,
        Func<double, ValueTask> Progress, Func<string, Task> Note);

    /// <summary>A checked local image (JPEG, PNG or WebP) as a base64 data URL, the way the upstream's `input_reference.image_url` takes it.</summary>
    private static string DataUrl(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var type = bytes is [0x89, 0x50, ..] ? "image/png"
            : bytes is [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] ? "image/webp"
            : "image/jpeg";
        return $"data:{type};base64,{Convert.ToBase64String(bytes)}";
    }
}
