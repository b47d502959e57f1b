using Reelforge.Rendering.Ffmpeg;

namespace Reelforge.Rendering.Tests.Processes;

/// <summary>The start-up check's parser, on `ffmpeg -hide_banner -encoders` / `-filters` recorded from FFmpeg 5.1.9 (Debian 12).</summary>
public sealed class CapabilitiesTests
{
    private static readonly string Encoders = File.ReadAllText(Path.Combine("Fixtures", "ffmpeg-encoders.txt"));
    private static readonly string Filters = File.ReadAllText(Path.Combine("Fixtures", "ffmpeg-filters.txt"));

    [Fact]
    public void RecordedListings_HaveEverythingReelforgeUses() =>
        Assert.Empty(FfmpegCapabilities.Missing(Encoders, Filters));

    [Fact]
    public void AMissingEncoderOrFilter_IsNamed_AndANameThatIsOnlyAPrefixDoesNotCount()
    {
        // libx264rgb stays in the listing: a longer name must not pass for libx264.
        var encoders = string.Join('\n', Encoders.Split('\n').Where(l => !l.Contains(" libx264 ", StringComparison.Ordinal)));
        var filters = string.Join('\n', Filters.Split('\n').Where(l => !l.Contains(" xfade ", StringComparison.Ordinal)));

        Assert.Equal(["encoder libx264", "filter xfade"], FfmpegCapabilities.Missing(encoders, filters));
    }

    [Fact]
    public void TheLegend_IsNotAList() =>
        Assert.Equal(FfmpegCapabilities.RequiredEncoders.Count + FfmpegCapabilities.RequiredFilters.Count,
            FfmpegCapabilities.Missing(string.Join('\n', Encoders.Split('\n').Take(9)), string.Join('\n', Filters.Split('\n').Take(8))).Count);
}
