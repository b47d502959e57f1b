using System.Diagnostics;
using System.Text;
using Reelforge.Rendering.Ffmpeg;

namespace Reelforge.Rendering.Processes;

/// <summary>What to start: a program and its argument list (never a shell string), and how to watch it.</summary>
public sealed record ChildStart(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Longest the run may take before its whole process tree is killed.</summary>
    public required TimeSpan Timeout { get; init; }
    /// <summary>Each stdout line, as it comes; when null, stdout is kept (up to <see cref="MaxOutputChars"/>) for the result.</summary>
    public Func<string, ValueTask>? OnOutputLine { get; init; }
    /// <summary>Each stderr line, as it comes (a log); the last <see cref="TailChars"/> are kept either way.</summary>
    public Func<string, ValueTask>? OnErrorLine { get; init; }
    public int TailChars { get; init; } = 4000;
    /// <summary>Kept stdout beyond this is dropped: an untrusted file must not make a probe's answer unbounded.</summary>
    public int MaxOutputChars { get; init; } = 4 << 20;
    /// <summary>A caller's own reason to stop (FFmpeg's stall watch): the tree is killed and the result says <see cref="ChildEnd.Stopped"/>.</summary>
    public CancellationToken Stop { get; init; }
}

public enum ChildEnd
{
    Exited,
    TimedOut,
    Stopped,
}

/// <summary>How a run ended. <see cref="ExitCode"/> means something only when <see cref="End"/> is <see cref="ChildEnd.Exited"/>.</summary>
public sealed record ChildResult(ChildEnd End, int ExitCode, string Output, string ErrorTail)
{
    public bool Succeeded => End == ChildEnd.Exited && ExitCode == 0;
}

/// <summary>
/// The one way Reelforge starts a program (FFmpeg, ffprobe, espeak-ng): both pipes drained as the
/// program writes (a full pipe would block it), stderr kept as a bounded tail for error messages,
/// a timeout, and the whole process tree killed on timeout, stop or cancel. On Linux every child
/// also dies with this process (<see cref="ParentWatch"/>), so a `kill -9` of the server leaves
/// no FFmpeg writing into a job's folder.
/// </summary>
public static class ChildProcess
{
    /// <summary>After a kill, how long the pipes may take to close before their readers are abandoned (a grandchild that escaped the kill may hold them).</summary>
    private static readonly TimeSpan DrainAfterKill = TimeSpan.FromSeconds(2);

    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; the tree was killed first.</exception>
    /// <exception cref="FfmpegException">The program could not be started (not found, not executable).</exception>
    public static async Task<ChildResult> RunAsync(ChildStart start, CancellationToken ct)
    {
        // Checked here: behind the wrapper a missing program would only be the shell's exit code 127.
        if (!IsOnPath(start.FileName))
        {
            throw new FfmpegException($"'{start.FileName}' was not found or is not executable.");
        }
        using var process = new Process { StartInfo = ParentWatch.StartInfo(start.FileName, start.Arguments) };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new FfmpegException($"'{start.FileName}' could not be started: {ex.Message}");
        }
        using var timeout = new CancellationTokenSource(start.Timeout);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token, start.Stop);
        var tail = new BoundedTail(start.TailChars);
        var output = new StringBuilder();
        var stdout = DrainAsync(process, process.StandardOutput, start.OnOutputLine ?? (line => Keep(output, line, start.MaxOutputChars)));
        var stderr = DrainAsync(process, process.StandardError, line =>
        {
            tail.Add(line);
            return start.OnErrorLine?.Invoke(line) ?? ValueTask.CompletedTask;
        });
        var killed = false;
        await using (stop.Token.Register(() => { killed = true; KillTree(process); }))
        {
            await process.WaitForExitAsync(CancellationToken.None);
        }
        var drained = Task.WhenAll(stdout, stderr);
        if (killed)
        {
            // Real time on purpose: this waits on an operating-system process, not on the engine's clock.
            await Task.WhenAny(drained, Task.Delay(DrainAfterKill, TimeProvider.System, CancellationToken.None));
        }
        else
        {
            await drained;
        }
        ct.ThrowIfCancellationRequested();
        var end = killed && timeout.IsCancellationRequested ? ChildEnd.TimedOut
            : killed && start.Stop.IsCancellationRequested ? ChildEnd.Stopped
            : ChildEnd.Exited;
        return new ChildResult(end, process.ExitCode, output.ToString(), tail.ToString());
    }

    /// <summary>Whether <paramref name="fileName"/> (a path, or a name looked up on PATH) is an executable file.</summary>
    public static bool IsOnPath(string fileName)
    {
        if (!OperatingSystem.IsLinux())
        {
            return true;
        }
        if (fileName.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(fileName);
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (IsExecutable(Path.Combine(dir, fileName)))
            {
                return true;
            }
        }
        return false;
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static ValueTask Keep(StringBuilder output, string line, int max)
    {
        if (output.Length + line.Length + 1 <= max)
        {
            output.Append(line).Append('\n');
        }
        return ValueTask.CompletedTask;
    }

    private static async Task DrainAsync(Process process, StreamReader reader, Func<string, ValueTask> onLine)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                await onLine(line);
            }
        }
        catch
        {
            // A reader that stops would leave the program blocked on a full pipe: end it, then report why.
            KillTree(process);
            throw;
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // A process of the tree exited while it was being walked.
        }
    }

    /// <summary>The command line as one string, for logs (arguments with spaces quoted).</summary>
    public static string CommandLine(string fileName, IEnumerable<string> arguments) =>
        string.Join(' ', [fileName, .. arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Length == 0 ? $"'{a}'" : a)]);
}
