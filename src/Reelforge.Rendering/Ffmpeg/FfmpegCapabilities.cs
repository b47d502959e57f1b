using System.Diagnostics;

namespace Reelforge.Rendering.Ffmpeg;

/// <summary>Checks once, at start, that FFmpeg has every encoder and filter Reelforge uses.</summary>
public static class FfmpegCapabilities
{
    public static readonly IReadOnlyList<string> RequiredEncoders = ["libx264", "aac", "libwebp", "mjpeg", "png"];
    public static readonly IReadOnlyList<string> RequiredFilters =
        ["color", "anullsrc", "overlay", "scale", "crop", "tile", "select", "format", "tpad", "trim", "xfade", "zoompan", "loop", "setpts", "gradients", "noise"];

    /// <summary>What is missing, in words an operator can act on; empty when all is there.</summary>
    public static async Task<IReadOnlyList<string>> FindMissingAsync(string ffmpegPath, CancellationToken ct)
    {
        string encoders, filters;
        try
        {
            encoders = await ListAsync(ffmpegPath, "-encoders", ct);
            filters = await ListAsync(ffmpegPath, "-filters", ct);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return [$"FFmpeg was not found at '{ffmpegPath}' (install the ffmpeg package or set Render:FfmpegPath)"];
        }
        var missing = new List<string>();
        missing.AddRange(RequiredEncoders.Where(e => !HasWord(encoders, e)).Select(e => $"encoder {e}"));
        missing.AddRange(RequiredFilters.Where(f => !HasWord(filters, f)).Select(f => $"filter {f}"));
        return missing;
    }

    private static bool HasWord(string listing, string name) =>
        listing.Split('\n').Any(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: >= 2 } parts && parts[1] == name);

    private static async Task<string> ListAsync(string ffmpegPath, string what, CancellationToken ct)
    {
        var start = new ProcessStartInfo(ffmpegPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-hide_banner");
        start.ArgumentList.Add(what);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return output;
    }
}
