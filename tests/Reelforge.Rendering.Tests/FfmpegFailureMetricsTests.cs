using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Reelforge.Engine;
using Reelforge.Rendering.Ffmpeg;

namespace Reelforge.Rendering.Tests;

/// <summary>`reelforge_ffmpeg_failures_total{reason}`: each way a real FFmpeg run fails is counted under its own reason.</summary>
public sealed class FfmpegFailureMetricsTests : RenderTestBase, IDisposable
{
    private readonly MeterCapture _capture = new();

    private FfmpegRunner RunnerWith(RenderOptions options) =>
        new(Microsoft.Extensions.Options.Options.Create(options), new EngineMetrics(_capture));

    private string Log => Path.Combine(Work, "render.log");

    [Fact]
    public async Task ANonZeroExit_IsCountedAs_ExitCode()
    {
        var error = await Assert.ThrowsAsync<FfmpegException>(() => RunnerWith(new RenderOptions()).RunAsync(
            ["-protocol_whitelist", "file", "-i", Path.Combine(Work, "missing.png"), Path.Combine(Work, "x.mp4")], 1, Log, null, Ct));

        Assert.Equal(FfmpegFailure.ExitCode, error.Reason);
        Assert.Equal(["exit_code"], _capture.Reasons);
    }

    [Fact]
    public async Task ARunPastItsTimeout_IsCountedAs_Timeout()
    {
        // Read in real time (-re): a minute of input cannot finish inside the 1 s timeout.
        var error = await Assert.ThrowsAsync<FfmpegException>(() => RunnerWith(new RenderOptions { TimeoutSeconds = 1, StallSeconds = 60 }).RunAsync(
            ["-re", "-f", "lavfi", "-i", "color=c=black:s=16x16:r=5:d=60", "-f", "null", "-"], 60, Log, null, Ct));

        Assert.Equal(FfmpegFailure.Timeout, error.Reason);
        Assert.Equal(["timeout"], _capture.Reasons);
    }

    [Fact]
    public async Task AStuckRun_IsCountedAs_Stall()
    {
        // A PNG whose header is valid and whose data is not: with -loop 1, FFmpeg retries it forever.
        var error = await Assert.ThrowsAsync<FfmpegException>(() => RunnerWith(new RenderOptions { StallSeconds = 1 }).RunAsync(
            ["-loop", "1", "-framerate", "30", "-t", "1", "-i", Path.Combine("Fixtures", "corrupt-1x1.png"), "-c:v", "libx264", "-f", "mp4", Path.Combine(Work, "stuck.mp4")],
            1, Log, null, Ct));

        Assert.Equal(FfmpegFailure.Stall, error.Reason);
        Assert.Equal(["stall"], _capture.Reasons);
    }

    [Fact]
    public async Task ACleanExitThatWroteNothing_IsCountedAs_NoOutput()
    {
        // Exits 0 having written to the null muxer, never to the temp path it was given.
        var error = await Assert.ThrowsAsync<FfmpegException>(() => RunnerWith(new RenderOptions()).RenderToAsync(
            Path.Combine(Work, "nothing.mp4"), _ => ["-f", "lavfi", "-i", "color=c=black:s=16x16:d=0.2", "-f", "null", "-"], 0.2, Log, null, Ct));

        Assert.Equal(FfmpegFailure.NoOutput, error.Reason);
        Assert.Equal(["no_output"], _capture.Reasons);
    }

    public new void Dispose()
    {
        _capture.Dispose();
        base.Dispose();
    }

    /// <summary>A meter factory of its own, and a listener that records the `reason` of each FFmpeg failure it made.</summary>
    private sealed class MeterCapture : IMeterFactory
    {
        private readonly List<Meter> _meters = [];
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<string> _reasons = new();

        public MeterCapture()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, this) && instrument.Name == "reelforge.ffmpeg.failures")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "reason")
                    {
                        _reasons.Enqueue(tag.Value?.ToString() ?? "");
                    }
                }
            });
            _listener.Start();
        }

        public IReadOnlyList<string> Reasons => [.. _reasons];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            _listener.Dispose();
            _meters.ForEach(m => m.Dispose());
        }
    }
}
