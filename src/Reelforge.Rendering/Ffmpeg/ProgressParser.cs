using System.Globalization;

namespace Reelforge.Rendering.Ffmpeg;

/// <summary>
/// Reads FFmpeg's `-progress` output: blocks of key=value lines, each ending with
/// `progress=continue` or `progress=end`. Yields the encoded time in seconds per block.
/// </summary>
internal sealed class ProgressParser
{
    private double? _outTime;

    /// <summary>Feeds one line; returns the block's encoded seconds when a block ends.</summary>
    public double? Feed(string line)
    {
        var eq = line.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return null;
        }
        var key = line.AsSpan(0, eq);
        var value = line.AsSpan(eq + 1);
        // out_time_us is microseconds; out_time_ms is also microseconds (a long-standing FFmpeg quirk).
        if ((key.SequenceEqual("out_time_us") || key.SequenceEqual("out_time_ms"))
            && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var us) && us >= 0)
        {
            _outTime = us / 1_000_000.0;
        }
        else if (key.SequenceEqual("progress"))
        {
            var ended = value.SequenceEqual("end");
            var result = ended ? double.PositiveInfinity : _outTime;
            _outTime = null;
            return result;
        }
        return null;
    }
}
