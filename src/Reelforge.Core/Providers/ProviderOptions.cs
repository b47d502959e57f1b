using System.ComponentModel.DataAnnotations;

namespace Reelforge.Providers;

/// <summary>The `Script` section: who writes a topic into scenes.</summary>
public sealed record ScriptOptions
{
    public const string Section = "Script";

    /// <summary>`builtin` (the offline planner) or `openai` (any OpenAI-compatible chat completions server).</summary>
    [RegularExpression("^(builtin|openai)$")] public string Provider { get; init; } = "builtin";
    /// <summary>Up to and including `/v1`, e.g. `http://localhost:11434/v1` for Ollama.</summary>
    public string BaseUrl { get; init; } = "https://api.openai.com/v1";
    public string ApiKey { get; init; } = "";
    public string Model { get; init; } = "gpt-4o-mini";
    [Range(1, 600)] public int TimeoutSeconds { get; init; } = 60;

    public bool Writes => Provider == "openai";
}

/// <summary>The `Media` section: where each scene's picture comes from, in order.</summary>
public sealed record MediaOptions
{
    public const string Section = "Media";

    /// <summary>Tried per scene until one gives a picture: `library`, `pexels`, `pixabay`, `openai-images`. Empty: the offline look.</summary>
    public List<string> Sources { get; init; } = [];
    public LibraryOptions Library { get; init; } = new();
    public StockOptions Pexels { get; init; } = new() { BaseUrl = "https://api.pexels.com" };
    public StockOptions Pixabay { get; init; } = new() { BaseUrl = "https://pixabay.com" };
    public ImageModelOptions OpenAiImages { get; init; } = new();

    public static readonly IReadOnlyList<string> Names = ["library", "pexels", "pixabay", "openai-images"];
}

public sealed record LibraryOptions
{
    /// <summary>Relative paths are under the working directory, like `DataDirectory`.</summary>
    public string Directory { get; init; } = "data/media";
}

public sealed record StockOptions
{
    public string ApiKey { get; init; } = "";
    public string BaseUrl { get; init; } = "";
}

public sealed record ImageModelOptions
{
    public string BaseUrl { get; init; } = "https://api.openai.com/v1";
    public string ApiKey { get; init; } = "";
    public string Model { get; init; } = "gpt-image-1";
}

/// <summary>The `Speech` section: who speaks narration.</summary>
public sealed record SpeechOptions
{
    public const string Section = "Speech";

    /// <summary>`espeak` (offline) or `openai` (any OpenAI-compatible `/audio/speech`: OpenAI, Kokoro-FastAPI, openedai-speech, LocalAI).</summary>
    [RegularExpression("^(espeak|openai)$")] public string Provider { get; init; } = "espeak";
    public string BaseUrl { get; init; } = "https://api.openai.com/v1";
    public string ApiKey { get; init; } = "";
    public string Model { get; init; } = "tts-1";
    public string Voice { get; init; } = "alloy";
    /// <summary>
    /// `none` (the speech endpoint gives no word times: the measured length is shared among the
    /// words) or `captioned`: ask <see cref="CaptionedPath"/>, Kokoro-FastAPI's `/dev/captioned_speech`,
    /// which answers the audio with each word's start and end, and time the captions by them.
    /// </summary>
    [RegularExpression("^(none|captioned)$")] public string WordTimings { get; init; } = "none";
    /// <summary>Where `captioned` asks, relative to <see cref="BaseUrl"/> (Kokoro-FastAPI serves it beside `/v1`).</summary>
    public string CaptionedPath { get; init; } = "../dev/captioned_speech";
}

/// <summary>The `Providers` section: how every provider call is retried.</summary>
public sealed record ProviderCallOptions
{
    public const string Section = "Providers";

    /// <summary>Further tries after a 5xx, a timeout or a refused connection (429s wait for `retry-after`).</summary>
    [Range(0, 10)] public int Retries { get; init; } = 2;
    /// <summary>The first wait; each further one doubles.</summary>
    [Range(0, 60_000)] public int RetryDelayMilliseconds { get; init; } = 1000;
    /// <summary>Longest `retry-after` honoured; a longer one counts as the provider being down.</summary>
    [Range(0, 600)] public int MaxRetryAfterSeconds { get; init; } = 30;
    /// <summary>Scenes one media source is asked for at once; a job's scenes are fetched concurrently within it.</summary>
    [Range(1, 32)] public int MaxConcurrentPerProvider { get; init; } = 3;
}
