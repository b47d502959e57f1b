using Reelforge.Timelines;

namespace Reelforge.Pipeline;

/// <summary>A finished render: the video and its stills, and the caption files when it was narrated.</summary>
public sealed record FinishedVideo(RenderedVideo Video, (string Srt, string Vtt)? Captions);

/// <summary>
/// The steps from a resolved timeline whose sources are local files to a finished video, shared by
/// the video job (which checkpoints and reports each scene) and `reelforge render` (which renders
/// scenes side by side): speak, render each scene to its clip, then join, make stills and captions.
/// </summary>
public sealed class TimelineRender(IVideoRenderer renderer, ISpeechEngine speech)
{
    /// <summary>Where scene <paramref name="scene"/>'s clip is written in a work folder (a checkpoint lives there).</summary>
    public static string ClipPath(string work, int scene) => Path.Combine(work, $"scene-{scene:D3}.mp4");

    public static IReadOnlyList<string> ClipPaths(Timeline timeline, string work) =>
        timeline.Scenes.Select((_, i) => ClipPath(work, i)).ToList();

    /// <summary>Speaks the narrated scenes, settles `"auto"` lengths and adds the captions.</summary>
    public Task<Timeline> SpeakAsync(Timeline timeline, string work, CancellationToken ct, Func<string, Task>? note = null) =>
        TimelineNarrator.ApplyAsync(timeline, speech, work, ct, note);

    public Task RenderSceneAsync(Timeline spoken, int scene, string work, Func<double, ValueTask> progress, CancellationToken ct) =>
        renderer.RenderSceneAsync(spoken, scene, ClipPath(work, scene), progress, ct);

    /// <summary>Every scene, <paramref name="parallel"/> at a time, each reporting its own progress.</summary>
    public Task RenderScenesAsync(Timeline spoken, string work, int parallel, Func<int, double, ValueTask> progress, CancellationToken ct) =>
        Parallel.ForEachAsync(Enumerable.Range(0, spoken.Scenes.Count), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = ct },
            async (i, token) => await RenderSceneAsync(spoken, i, work, f => progress(i, f), token));

    /// <summary>Joins the clips into <paramref name="output"/>, with the stills and, for a narrated video, `captions.srt` and `captions.vtt`.</summary>
    public async Task<FinishedVideo> FinishAsync(Timeline spoken, string work, string output, Func<double, ValueTask> progress, CancellationToken ct)
    {
        var video = await renderer.ExportAsync(spoken, ClipPaths(spoken, work), output, progress, ct);
        return new FinishedVideo(video, await CaptionFiles.WriteAsync(spoken, video.DurationSeconds, output, ct));
    }
}
