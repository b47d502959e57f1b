using System.ComponentModel.DataAnnotations;

namespace Reelforge.Rendering;

/// <summary>The `Render` configuration section.</summary>
public sealed record RenderOptions
{
    public const string Section = "Render";

    public string FfmpegPath { get; init; } = "ffmpeg";
    public string FfprobePath { get; init; } = "ffprobe";
    public string EspeakPath { get; init; } = "espeak-ng";
    /// <summary>libx264 preset; `veryfast` is the usual CPU trade-off for short social clips.</summary>
    public string Preset { get; init; } = "veryfast";
    [Range(0, 51)] public int Crf { get; init; } = 23;
    /// <summary>Longest any one FFmpeg run may take before it is killed.</summary>
    [Range(1, 86_400)] public int TimeoutSeconds { get; init; } = 900;
    /// <summary>An FFmpeg run whose encoded time does not advance for this long is killed (a stuck input).</summary>
    [Range(1, 86_400)] public int StallSeconds { get; init; } = 60;
    /// <summary>Longest one ffprobe, or an `ffmpeg -encoders` style query, may take (they read untrusted downloads).</summary>
    [Range(1, 3600)] public int ProbeTimeoutSeconds { get; init; } = 30;
    /// <summary>Longest espeak-ng may take to speak one narration.</summary>
    [Range(1, 3600)] public int SpeechTimeoutSeconds { get; init; } = 120;
    /// <summary>
    /// x264 threads per FFmpeg run; 0: the machine's cores shared among the runs that go at once
    /// (<see cref="ForConcurrentRuns"/>), or x264's own choice (every core) when one runs at a time.
    /// </summary>
    [Range(0, 64)] public int Threads { get; init; }

    /// <summary>
    /// These options for <paramref name="runs"/> FFmpeg encodes at once: unless <see cref="Threads"/>
    /// is set, each gets its share of the cores instead of every x264 starting a thread per core
    /// (`reelforge render -j 2`: 1.41x the floor with shared threads, 1.06x split).
    /// </summary>
    public RenderOptions ForConcurrentRuns(int runs) =>
        Threads > 0 || runs <= 1 ? this : this with { Threads = Math.Max(1, Environment.ProcessorCount / runs) };
}

/// <summary>The `Assets` configuration section: how remote media is fetched.</summary>
public sealed record AssetOptions
{
    public const string Section = "Assets";

    [Range(1, long.MaxValue)] public long MaxBytes { get; init; } = 50 * 1024 * 1024;
    [Range(1, 600)] public int TimeoutSeconds { get; init; } = 30;
    /// <summary>Allow 127.0.0.0/8 and ::1 (off: a request must not make Reelforge call itself).</summary>
    public bool AllowLoopback { get; init; }
    /// <summary>Allow private, link-local and unique-local ranges (off: no reaching into the operator's network).</summary>
    public bool AllowPrivateNetworks { get; init; }
}
