using Reelforge.Rendering.Processes;

namespace Reelforge.Rendering.Ffmpeg;

/// <summary>Checks once, at start, that FFmpeg has every encoder and filter Reelforge uses.</summary>
public static class FfmpegCapabilities
{
    public static readonly IReadOnlyList<string> RequiredEncoders = ["libx264", "aac", "libwebp", "mjpeg", "png"];
    public static readonly IReadOnlyList<string> RequiredFilters =
        ["color", "anullsrc", "overlay", "scale", "crop", "tile", "select", "format", "tpad", "trim", "xfade", "zoompan", "loop", "setpts", "gradients", "noise"];

    private static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(30);

    /// <summary>What is missing, in words an operator can act on; empty when all is there.</summary>
    public static async Task<IReadOnlyList<string>> FindMissingAsync(string ffmpegPath, CancellationToken ct)
    {
        if (!ChildProcess.IsOnPath(ffmpegPath))
        {
            return [$"FFmpeg was not found at '{ffmpegPath}' (install the ffmpeg package or set Render:FfmpegPath)"];
        }
        try
        {
            return Missing(await ListAsync(ffmpegPath, "-encoders", ct), await ListAsync(ffmpegPath, "-filters", ct));
        }
        catch (FfmpegException ex)
        {
            return [ex.Message];
        }
    }

    /// <summary>
    /// Reads `ffmpeg -encoders` and `ffmpeg -filters` listings: after a legend, one line each,
    /// flags first and the name second (` V....D libx264  libx264 H.264 ...`, ` ... xfade  VV->V ...`).
    /// </summary>
    internal static IReadOnlyList<string> Missing(string encoders, string filters) =>
    [
        .. RequiredEncoders.Where(e => !HasName(encoders, e)).Select(e => $"encoder {e}"),
        .. RequiredFilters.Where(f => !HasName(filters, f)).Select(f => $"filter {f}"),
    ];

    private static bool HasName(string listing, string name) =>
        listing.Split('\n').Any(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: >= 2 } parts && parts[1] == name);

    private static async Task<string> ListAsync(string ffmpegPath, string what, CancellationToken ct)
    {
        var result = await ChildProcess.RunAsync(new ChildStart(ffmpegPath, ["-hide_banner", what]) { Timeout = ListTimeout }, ct);
        return result.Succeeded
            ? result.Output
            : throw new FfmpegException($"'{ffmpegPath} {what}' failed ({(result.End == ChildEnd.TimedOut ? "timed out" : $"exit code {result.ExitCode}")}): {result.ErrorTail.Trim()}");
    }
}
