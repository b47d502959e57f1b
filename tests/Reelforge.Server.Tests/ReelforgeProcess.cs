using System.Collections.Concurrent;
using System.Diagnostics;

namespace Reelforge.Server.Tests;

/// <summary>
/// A real `reelforge serve` or `reelforge worker` process (the command built with the solution,
/// in this assembly's configuration), its output kept as a bounded tail for failure messages.
/// </summary>
public sealed class ReelforgeProcess : IDisposable
{
    private readonly ConcurrentQueue<string> _tail = new();

    public Process Process { get; }
    public string Name { get; }
    /// <summary>The data folder it was started on (FFmpeg's command lines name it).</summary>
    public string DataFolder { get; }
    public int Pid => Process.Id;

    private ReelforgeProcess(Process process, string name, string dataFolder)
    {
        Process = process;
        Name = name;
        DataFolder = dataFolder;
    }

    /// <summary>Starts `reelforge <paramref name="arguments"/>` with <paramref name="environment"/> on top of this process's.</summary>
    public static ReelforgeProcess Start(string name, string dataFolder, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var root = AppContext.BaseDirectory[..AppContext.BaseDirectory.IndexOf("/tests/", StringComparison.Ordinal)];
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(root, "src", "Reelforge.Cli", "bin", configuration, "net10.0", "reelforge.dll"));
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var started = new ReelforgeProcess(Process.Start(start)!, name, dataFolder);
        started.Process.OutputDataReceived += (_, e) => started.Keep(e.Data);
        started.Process.ErrorDataReceived += (_, e) => started.Keep(e.Data);
        started.Process.BeginOutputReadLine();
        started.Process.BeginErrorReadLine();
        return started;
    }

    /// <summary>The last lines it wrote, for a failure message.</summary>
    public string Tail => string.Join('\n', _tail);

    /// <summary>`kill -9`: SIGKILL, which runs no .NET code in the process (Process.Kill sends it on Unix).</summary>
    public async Task Kill9Async(CancellationToken ct)
    {
        Process.Kill();
        await Process.WaitForExitAsync(ct);
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _tail.Enqueue(line);
        while (_tail.Count > 40 && _tail.TryDequeue(out _))
        {
        }
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }
        Process.Dispose();
    }
}
