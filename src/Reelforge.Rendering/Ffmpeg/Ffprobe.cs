using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Reelforge.Rendering.Processes;

namespace Reelforge.Rendering.Ffmpeg;

public sealed record MediaInfo(double DurationSeconds, int Width, int Height, double Fps, bool HasVideo, bool HasAudio, string? VideoCodec, string? PixelFormat)
{
    /// <summary>Frames in the video stream, when the container says (MP4 does).</summary>
    public int? Frames { get; init; }
}

/// <summary>Asks ffprobe what a local file really is.</summary>
public sealed class Ffprobe(IOptions<RenderOptions> options)
{
    public async Task<MediaInfo> ProbeAsync(string path, CancellationToken ct)
    {
        var seconds = options.Value.ProbeTimeoutSeconds;
        var result = await ChildProcess.RunAsync(new ChildStart(options.Value.FfprobePath,
            ["-v", "error", "-protocol_whitelist", "file", "-print_format", "json", "-show_format", "-show_streams", path])
        {
            // A crafted download can keep ffprobe busy for ever; it is killed with its tree.
            Timeout = TimeSpan.FromSeconds(seconds),
        }, ct);
        return result switch
        {
            { End: ChildEnd.TimedOut } => throw new FfmpegException($"ffprobe took longer than {seconds} s to read the file and was stopped."),
            { Succeeded: false } => throw new FfmpegException($"ffprobe could not read the file: {result.ErrorTail.Trim()}"),
            _ => Parse(result.Output),
        };
    }

    internal static MediaInfo Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        JsonElement? video = null;
        var hasAudio = false;
        foreach (var stream in root.TryGetProperty("streams", out var s) ? s.EnumerateArray() : default)
        {
            var type = stream.GetProperty("codec_type").GetString();
            if (type == "video" && video is null)
            {
                video = stream;
            }
            hasAudio |= type == "audio";
        }
        var duration = root.TryGetProperty("format", out var format) && format.TryGetProperty("duration", out var d)
            ? double.Parse(d.GetString()!, CultureInfo.InvariantCulture)
            : 0;
        if (video is not { } v)
        {
            return new MediaInfo(duration, 0, 0, 0, false, hasAudio, null, null);
        }
        return new MediaInfo(duration, v.GetProperty("width").GetInt32(), v.GetProperty("height").GetInt32(),
            Rate(v.TryGetProperty("avg_frame_rate", out var r) ? r.GetString() : null), true, hasAudio,
            v.TryGetProperty("codec_name", out var c) ? c.GetString() : null,
            v.TryGetProperty("pix_fmt", out var p) ? p.GetString() : null)
        {
            Frames = v.TryGetProperty("nb_frames", out var n) && int.TryParse(n.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var frames) ? frames : null,
        };
    }

    private static double Rate(string? fraction)
    {
        var parts = (fraction ?? "0/1").Split('/');
        var num = double.Parse(parts[0], CultureInfo.InvariantCulture);
        var den = parts.Length > 1 ? double.Parse(parts[1], CultureInfo.InvariantCulture) : 1;
        return den == 0 ? 0 : Math.Round(num / den, 3);
    }
}
