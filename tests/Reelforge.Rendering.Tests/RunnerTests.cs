using System.Diagnostics;
using Reelforge.Rendering.Ffmpeg;

namespace Reelforge.Rendering.Tests;

public sealed class RunnerTests : RenderTestBase
{
    [Fact]
    public async Task Cancel_KillsFfmpeg_AndLeavesNoOutput()
    {
        var output = Path.Combine(Work, "long.mp4");
        using var cts = new CancellationTokenSource();
        var progressed = new TaskCompletionSource();
        var run = Runner.RenderToAsync(output, temp =>
            ["-f", "lavfi", "-i", "testsrc2=s=1280x720:r=30:d=600", "-c:v", "libx264", "-preset", "slow", "-f", "mp4", temp],
            600, Path.Combine(Work, "render.log"), f => { progressed.TrySetResult(); return ValueTask.CompletedTask; }, cts.Token);
        await progressed.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        // How fast the kill lands is a latency, measured in bench/; here: once the run has ended, nothing is left.
        Assert.DoesNotContain(Process.GetProcessesByName("ffmpeg"), p => CommandLineOf(p).Contains(Work, StringComparison.Ordinal));
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(Work, "*.partial.mp4"));
    }

    [Fact]
    public async Task Failure_ReportsTheExitCodeAndTheTailOfStderr_AndTheLogStartsWithTheCommand()
    {
        var log = Path.Combine(Work, "render.log");

        var error = await Assert.ThrowsAsync<FfmpegException>(() =>
            Runner.RunAsync(["-protocol_whitelist", "file", "-i", Path.Combine(Work, "missing.png"), Path.Combine(Work, "x.mp4")], 1, log, null, Ct));

        Assert.Contains("exited with code", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing.png", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("ffmpeg -hide_banner", (await File.ReadAllLinesAsync(log, Ct))[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStuckFfmpeg_IsStoppedWhenItsEncodedTimeStopsAdvancing()
    {
        // A PNG whose header is valid and whose data is not: with -loop 1, FFmpeg retries it forever.
        var runner = new FfmpegRunner(Microsoft.Extensions.Options.Options.Create(new RenderOptions { StallSeconds = 2 }));

        var error = await Assert.ThrowsAsync<FfmpegException>(() => runner.RunAsync(
            ["-loop", "1", "-framerate", "30", "-t", "1", "-i", Path.Combine("Fixtures", "corrupt-1x1.png"), "-c:v", "libx264", "-f", "mp4", Path.Combine(Work, "stuck.mp4")],
            1, Path.Combine(Work, "render.log"), null, Ct));

        Assert.Contains("no progress for 2 s", error.Message, StringComparison.Ordinal);
    }

    private static string CommandLineOf(Process process)
    {
        try
        {
            return File.ReadAllText($"/proc/{process.Id}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }
}
