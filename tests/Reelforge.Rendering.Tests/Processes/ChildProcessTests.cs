using System.Diagnostics;
using Reelforge.Rendering.Ffmpeg;
using Reelforge.Rendering.Processes;

namespace Reelforge.Rendering.Tests.Processes;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ChildProcessTests : RenderTestBase
{
    [Fact]
    public async Task Probe_OfAProgramThatHangs_IsKilledAtItsTimeout()
    {
        // Stands in for ffprobe stuck on a crafted download: it never answers.
        var pidFile = Path.Combine(Work, "probe.pid");
        var hanging = await ScriptAsync("hanging-ffprobe", $"echo $$ > '{pidFile}'\nexec sleep 30");
        var probe = new Ffprobe(Microsoft.Extensions.Options.Options.Create(new RenderOptions { FfprobePath = hanging, ProbeTimeoutSeconds = 1 }));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<FfmpegException>(() => probe.ProbeAsync(Path.Combine(Work, "download.mp4"), Ct));

        Assert.Contains("longer than 1 s", error.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 10);
        await AssertDiesAsync(int.Parse(await File.ReadAllTextAsync(pidFile, Ct), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Cancel_KillsTheWholeTree_AChildOfTheChildToo()
    {
        var grandchildFile = Path.Combine(Work, "grandchild.pid");
        var parent = await ScriptAsync("parent", $"sleep 300 &\necho $! > '{grandchildFile}'\necho started\nwait");
        using var cts = new CancellationTokenSource();
        var started = new TaskCompletionSource();

        var run = ChildProcess.RunAsync(new ChildStart(parent, [])
        {
            Timeout = TimeSpan.FromMinutes(5),
            OnOutputLine = _ => { started.TrySetResult(); return ValueTask.CompletedTask; },
        }, cts.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20), Ct);
        var grandchild = int.Parse(await File.ReadAllTextAsync(grandchildFile, Ct), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(IsAlive(grandchild));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await AssertDiesAsync(grandchild);
    }

    [Fact]
    public async Task Run_KeepsStdout_TheTailOfStderr_AndTheExitCode()
    {
        var script = await ScriptAsync("talker", "echo one\necho two\nfor i in $(seq 1 500); do echo \"noise $i\" >&2; done\nexit 3");

        var result = await ChildProcess.RunAsync(new ChildStart(script, []) { Timeout = TimeSpan.FromSeconds(30), TailChars = 200 }, Ct);

        Assert.Equal((ChildEnd.Exited, 3, "one\ntwo\n"), (result.End, result.ExitCode, result.Output));
        Assert.EndsWith("noise 500", result.ErrorTail, StringComparison.Ordinal);
        Assert.InRange(result.ErrorTail.Length, 100, 200);
    }

    [Fact]
    public async Task AProgramThatIsNotThere_IsAClearError()
    {
        var error = await Assert.ThrowsAsync<FfmpegException>(() =>
            ChildProcess.RunAsync(new ChildStart(Path.Combine(Work, "no-such-ffmpeg"), []) { Timeout = TimeSpan.FromSeconds(5) }, Ct));

        Assert.Contains("was not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("not found at", Assert.Single(await FfmpegCapabilities.FindMissingAsync(Path.Combine(Work, "no-such-ffmpeg"), Ct)), StringComparison.Ordinal);
    }

    private async Task<string> ScriptAsync(string name, string body)
    {
        var path = Path.Combine(Work, name);
        await File.WriteAllTextAsync(path, "#!/bin/sh\n" + body + "\n", Ct);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Alive: in /proc and not a zombie (a killed orphan may wait for a reaper that never comes in a container).</summary>
    internal static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task AssertDiesAsync(int pid)
    {
        var deadline = Stopwatch.StartNew();
        while (IsAlive(pid) && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20, Ct);
        }
        Assert.False(IsAlive(pid), $"process {pid} is still running");
    }
}
