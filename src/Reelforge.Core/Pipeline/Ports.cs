using Reelforge.Timelines;

namespace Reelforge.Pipeline;

/// <summary>Renders timelines whose sources are all local files. Knows nothing of jobs.</summary>
public interface IVideoRenderer
{
    /// <summary>Renders one scene to its own clip (a checkpoint: a crash re-renders only unfinished scenes).</summary>
    Task RenderSceneAsync(Timeline timeline, int sceneIndex, string outputPath, Func<double, ValueTask> progress, CancellationToken ct);

    /// <summary>Joins scene clips into the final MP4 and makes its artifacts in <paramref name="outputDirectory"/>.</summary>
    Task<RenderedVideo> ExportAsync(Timeline timeline, IReadOnlyList<string> sceneClips, string outputDirectory, Func<double, ValueTask> progress, CancellationToken ct);
}

public sealed record RenderedVideo(string VideoPath, double DurationSeconds, int Width, int Height, double Fps, long Bytes)
{
    /// <summary>`thumbnail.webp`, the OpenAI content variant.</summary>
    public required string ThumbnailPath { get; init; }
    public required string ThumbnailJpegPath { get; init; }
    /// <summary>A full-size still from the middle of the video.</summary>
    public required string PreviewPath { get; init; }
    public required string SpritesheetPath { get; init; }
    /// <summary>The final frame, where an extension continues from.</summary>
    public required string LastFramePath { get; init; }
    /// <summary>One JPEG per scene, from the middle of the time it is fully on screen (carousels, slides).</summary>
    public required IReadOnlyList<string> SlidePaths { get; init; }
}

/// <summary>Fetches a remote asset through the address guard, with a size cap and a content check.</summary>
public interface IAssetFetcher
{
    Task FetchAsync(Uri url, string destinationPath, AssetKind kind, CancellationToken ct);
}

public enum AssetKind { Image, Video, Audio }

/// <summary>An asset was refused or could not be read; the job fails with <see cref="Code"/>.</summary>
public sealed class AssetRejectedException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}

/// <summary>Text to speech. espeak-ng by default; another engine can fill this.</summary>
public interface ISpeechEngine
{
    /// <summary>Writes the narration as a WAV file and says how long it is and when each word is spoken.</summary>
    Task<Speech> SpeakAsync(Timelines.Narration narration, string wavPath, CancellationToken ct);
}

public sealed record Speech(double Seconds, IReadOnlyList<SpokenWord> Words)
{
    /// <summary>What a provider's call did (outcome, latency, where the word times came from), for the job's events; null for a local engine.</summary>
    public string? Note { get; init; }
}

public sealed record SpokenWord(string Text, double Start, double End);
