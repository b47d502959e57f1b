using Reelforge.Rendering.Ffmpeg;

namespace Reelforge.Rendering.Tests;

public sealed class ParserTests
{
    [Fact]
    public void ProgressParser_OnRecordedFfmpegOutput_ReportsEncodedTimePerBlock_ThenTheEnd()
    {
        var parser = new ProgressParser();
        var reports = File.ReadLines(Path.Combine("Fixtures", "progress-6s.txt")).Select(parser.Feed).OfType<double>().ToList();

        Assert.Equal(10, reports.Count);
        Assert.Contains(3.133398, reports);
        Assert.True(reports.SkipLast(1).Zip(reports.Skip(1).SkipLast(1)).All(p => p.First <= p.Second), "encoded time only grows");
        Assert.Equal(double.PositiveInfinity, reports[^1]);
    }

    [Fact]
    public void ProgressParser_IgnoresNegativeAndUnparsableTimes()
    {
        var parser = new ProgressParser();

        Assert.Null(parser.Feed("out_time_us=-9223372036854775807"));
        Assert.Null(parser.Feed("out_time_us=N/A"));
        Assert.Null(parser.Feed("progress=continue"));
    }

    [Fact]
    public void Ffprobe_OnRecordedOutput_ReadsSizeRateDurationAndStreams()
    {
        var info = Ffprobe.Parse(File.ReadAllText(Path.Combine("Fixtures", "ffprobe-h264-aac.json")));

        Assert.Equal((320, 180), (info.Width, info.Height));
        Assert.Equal(30, info.Fps);
        Assert.Equal("h264", info.VideoCodec);
        Assert.Equal("yuv420p", info.PixelFormat);
        Assert.True(info.HasVideo);
        Assert.True(info.HasAudio);
        Assert.InRange(info.DurationSeconds, 2.9, 3.1);
    }
}
