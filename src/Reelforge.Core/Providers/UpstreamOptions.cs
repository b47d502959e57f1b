using System.ComponentModel.DataAnnotations;

namespace Reelforge.Providers;

/// <summary>
/// The `Upstream` section: an OpenAI-Videos-compatible service (a gateway that still speaks it,
/// another Reelforge) that renders the models listed in <see cref="Models"/> and `generate` backgrounds.
/// </summary>
public sealed record UpstreamOptions
{
    public const string Section = "Upstream";

    /// <summary>Up to and including `/v1`, e.g. `https://api.openai.com/v1` or `http://other-reelforge:8080/v1`. Empty: none.</summary>
    public string BaseUrl { get; init; } = "";
    public string ApiKey { get; init; } = "";
    /// <summary>Model names a native create forwards as they are; the first is what `generate` backgrounds ask for by default.</summary>
    public List<string> Models { get; init; } = [];
    /// <summary>How long to wait between status reads when the upstream does not say (`openai-poll-after-ms`).</summary>
    [Range(0, 600_000)] public int PollMilliseconds { get; init; } = 2000;
    /// <summary>The longest wait an `openai-poll-after-ms` is honoured for.</summary>
    [Range(0, 600_000)] public int MaxPollMilliseconds { get; init; } = 30_000;
    /// <summary>How long an upstream video may take, from create to download, before the attempt fails.</summary>
    [Range(1, 86_400)] public int TimeoutSeconds { get; init; } = 1800;
    /// <summary>Upstream videos a job asks for at once (its `generate` scenes).</summary>
    [Range(1, 32)] public int MaxConcurrent { get; init; } = 2;

    public bool Configured => BaseUrl.Length > 0 && Models.Count > 0;
}

/// <summary>
/// One video to make upstream, in the OpenAI Videos create's terms; <paramref name="Image"/> is the
/// first frame as a `data:image/…;base64,` URL (the create's `input_reference.image_url`), or null.
/// </summary>
public sealed record UpstreamRequest(string Model, string Prompt, int Seconds, int Width, int Height, string? Image = null);

/// <summary>The upstream video service: creates a video (or follows one already created), and downloads the finished MP4.</summary>
public interface IUpstreamVideos
{
    /// <summary>
    /// Follows <paramref name="resume"/> (a video an earlier attempt created) while the upstream
    /// still has it, else creates the video and tells <paramref name="created"/> its id before
    /// following it; reports its progress (0-1) and downloads it to <paramref name="path"/> through
    /// the content checks; returns the upstream's video id. A video given up on here (timed out,
    /// download refused) is deleted upstream; one left by a cancel, a lost lease or an unreachable
    /// upstream is not (a retry follows it, a cancel deletes it with <see cref="DeleteAsync"/>).
    /// </summary>
    Task<string> RenderAsync(UpstreamRequest request, string? resume, string path, Func<string, Task> created,
        Func<double, ValueTask> progress, Func<string, Task> note, CancellationToken ct);

    /// <summary>Asks the upstream to delete a video; best effort, bounded, noted either way.</summary>
    Task DeleteAsync(string id, Func<string, Task> note);
}
