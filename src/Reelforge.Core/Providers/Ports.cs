using Reelforge.Engine;
using Reelforge.Pipeline;
using Reelforge.Timelines;

namespace Reelforge.Providers;

/// <summary>
/// One scene as written: what the layout shows, what is spoken, and what picture would suit it
/// (search terms or a description for an image model).
/// </summary>
public sealed record WrittenScene(string Text, string Narration, string Visual)
{
    /// <summary>The scene's picture (an `image` or a `video` background), when a media source gave one.</summary>
    public Background? Picture { get; init; }
}

/// <summary>What to write: a topic, how long, and which style (`slides` shows the text, `story` speaks it).</summary>
public sealed record ScriptRequest(string Topic, double Seconds, string Style, int Width, int Height);

/// <summary>Writes a topic into scenes. Null when the provider's answer could not be used (the reason says why).</summary>
public interface IScriptWriter
{
    string Name { get; }

    Task<ScriptResult> WriteAsync(ScriptRequest request, CancellationToken ct);
}

public sealed record ScriptResult(IReadOnlyList<WrittenScene>? Scenes, string Outcome);

/// <summary>What a scene's picture should show, and the frame it will fill.</summary>
public sealed record MediaQuery(string Terms, int Width, int Height, int Seed, int Scene)
{
    /// <summary>`landscape`, `portrait` or `square`, from the output size.</summary>
    public string Orientation => Width > Height * 1.1 ? "landscape" : Height > Width * 1.1 ? "portrait" : "square";
}

/// <summary>A picture a source found, already downloaded and checked: a local file.</summary>
public sealed record FoundMedia(string Path, AssetKind Kind, string? Credit);

/// <summary>A place pictures come from. Returns null when it has nothing for the query.</summary>
public interface IMediaSource
{
    /// <summary>The name operators list in `Media:Sources`.</summary>
    string Name { get; }

    /// <summary>Whether it has what it needs (a key, a folder); an unconfigured source is skipped with a note.</summary>
    bool Configured { get; }

    /// <param name="directory">Where to put the file (the job's work folder).</param>
    Task<FoundMedia?> FindAsync(MediaQuery query, string directory, CancellationToken ct);
}

/// <summary>A provider did not answer usefully after its retries (down, 5xx, too slow, garbage): try the next source.</summary>
public sealed class ProviderUnavailableException(string provider, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Provider { get; } = provider;
}

public static class ProviderErrors
{
    public const string AuthFailed = "provider_auth_failed";

    /// <summary>A provider refused its key: the job fails at once, naming the provider and never the key.</summary>
    public static JobFailedException Auth(string provider, int status) =>
        new(AuthFailed, $"The {provider} provider refused the configured credentials (HTTP {status}); check its API key.", retryable: false);

    public static bool IsAuth(Exception ex) => ex is JobFailedException { Code: AuthFailed };
}

/// <summary>A template's text input to be written from a prompt: its key, label and longest length.</summary>
public sealed record InputSlot(string Key, string Label, int MaxLength, bool Required, string? Description);

/// <summary>
/// Writes a template's text inputs from a prompt (Blotato's "AI fills inputs"). Null when the
/// provider's answer could not be used (the outcome says why); the built-in heuristics then fill them.
/// </summary>
public interface ITemplateInputWriter
{
    string Name { get; }

    Task<(IReadOnlyDictionary<string, string>? Values, string Outcome)> WriteInputsAsync(string prompt, string template, IReadOnlyList<InputSlot> slots, CancellationToken ct);
}
