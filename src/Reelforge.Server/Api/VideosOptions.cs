using System.ComponentModel.DataAnnotations;

namespace Reelforge.Server.Api;

/// <summary>The `Videos` configuration section: defaults and limits of the video APIs.</summary>
public sealed record VideosOptions
{
    public const string Section = "Videos";

    public string DefaultModel { get; init; } = "sora-2";
    /// <summary>Model names accepted; every one is an alias of Reelforge's own renderer. Empty: the built-in list.</summary>
    public string[] Models { get; init; } = [];
    [Range(1, 3600)] public int DefaultSeconds { get; init; } = 4;
    [Range(1, 3600)] public int MaxSeconds { get; init; } = 60;
    public string DefaultSize { get; init; } = "720x1280";
    [Range(2, 8192)] public int MinDimension { get; init; } = 16;
    [Range(2, 8192)] public int MaxDimension { get; init; } = 1920;
    [Range(1, 1_000_000)] public int MaxPromptLength { get; init; } = 4000;
    [Range(1, long.MaxValue)] public long MaxUploadBytes { get; init; } = 20 * 1024 * 1024;
    /// <summary>
    /// Decoded size of one base64 data URL in a JSON body. Lower than uploads: a data URL is held
    /// three times over while it is read (UTF-8 body, UTF-16 string, decoded bytes), an upload once.
    /// Eight 18.5 MB data URLs at once took the server past 2 GB resident (bench/memory).
    /// </summary>
    [Range(1, long.MaxValue)] public long MaxDataUrlBytes { get; init; } = 8 * 1024 * 1024;
    /// <summary>Requests with a body over 1 MiB read at once; others wait up to <see cref="LargeBodyWaitSeconds"/>, then 503 (LargeBodyGate).</summary>
    [Range(1, 1000)] public int MaxLargeBodiesInFlight { get; init; } = 2;
    /// <summary>How long a large body waits for a slot before its 503 `server_busy`; 0 answers at once.</summary>
    [Range(0, 300)] public int LargeBodyWaitSeconds { get; init; } = 10;
    /// <summary>Sent as `openai-poll-after-ms` on reads of unfinished videos (the Python SDK obeys it).</summary>
    [Range(100, 600_000)] public int PollAfterMilliseconds { get; init; } = 2000;

    public static readonly IReadOnlyList<string> BuiltInModels =
        ["sora-2", "sora-2-pro", "sora-2-2025-10-06", "sora-2-pro-2025-10-06", "sora-2-2025-12-08", "reelforge-1"];

    public IReadOnlyList<string> AcceptedModels => Models.Length > 0 ? Models : BuiltInModels;
}
