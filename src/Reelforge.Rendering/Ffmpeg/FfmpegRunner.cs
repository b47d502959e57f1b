using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;

namespace Reelforge.Rendering.Ffmpeg;

/// <summary>
/// Runs FFmpeg with an argument list (never a shell string): real progress from `-progress pipe:1`,
/// stderr drained into the render log and a bounded tail, a timeout, and the whole process tree
/// killed on cancel or timeout.
/// </summary>
public sealed class FfmpegRunner(IOptions<RenderOptions> options, Engine.EngineMetrics? metrics = null)
{
    private readonly RenderOptions _options = options.Value;

    /// <param name="arguments">Everything after the global flags this runner adds.</param>
    /// <param name="expectedSeconds">Length of the output, to turn encoded time into a fraction.</param>
    /// <param name="logPath">Appended to; the first line of each run is its command line.</param>
    public async Task RunAsync(IReadOnlyList<string> arguments, double expectedSeconds, string logPath,
        Func<double, ValueTask>? progress, CancellationToken ct)
    {
        var start = new ProcessStartInfo(_options.FfmpegPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-hide_banner", "-nostdin", "-nostats", "-y", "-progress", "pipe:1", .. arguments])
        {
            start.ArgumentList.Add(arg);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        // Each run writes its own file and adds it to the shared log whole when it ends: scenes
        // rendered at once used to interleave, and overwrite each other's lines, in one log.
        var ownLog = $"{logPath}.{Guid.NewGuid():N}.part";
        try
        {
            await using (var log = new StreamWriter(ownLog, append: false, Encoding.UTF8))
            {
                await log.WriteLineAsync(CommandLine(start));
                try
                {
                    await RunLoggedAsync(start, expectedSeconds, log, progress, ct);
                }
                catch (FfmpegException ex)
                {
                    metrics?.FfmpegFailed(ex.Reason);
                    throw;
                }
            }
        }
        finally
        {
            await AppendToLogAsync(ownLog, logPath);
        }
    }

    private static readonly SemaphoreSlim LogLock = new(1, 1);

    private static async Task AppendToLogAsync(string part, string logPath)
    {
        if (!File.Exists(part))
        {
            return;
        }
        await LogLock.WaitAsync(CancellationToken.None);
        try
        {
            await using var target = new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.Read);
            await using (var source = File.OpenRead(part))
            {
                await source.CopyToAsync(target, CancellationToken.None);
            }
        }
        finally
        {
            LogLock.Release();
            File.Delete(part);
        }
    }

    private async Task RunLoggedAsync(ProcessStartInfo start, double expectedSeconds, StreamWriter log, Func<double, ValueTask>? progress, CancellationToken ct)
    {

        using var process = Process.Start(start) ?? throw new FfmpegException("FFmpeg could not be started.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        // Re-armed each time the encoded time advances: fires only when FFmpeg is stuck.
        using var stall = new CancellationTokenSource(TimeSpan.FromSeconds(_options.StallSeconds));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stall.Token);
        var tail = new BoundedTail(4000);
        var stderr = DrainAsync(process.StandardError, log, tail);
        try
        {
            await using (stop.Token.Register(() => Kill(process)))
            {
                await ReadProgressAsync(process.StandardOutput, expectedSeconds, progress, stall, stop.Token);
                await process.WaitForExitAsync(CancellationToken.None);
                await stderr;
            }
        }
        finally
        {
            Kill(process);
        }
        ct.ThrowIfCancellationRequested();
        if (timeout.IsCancellationRequested)
        {
            throw new FfmpegException($"FFmpeg timed out after {_options.TimeoutSeconds} s.\n{tail}", Engine.FfmpegFailure.Timeout);
        }
        if (stall.IsCancellationRequested)
        {
            throw new FfmpegException($"FFmpeg made no progress for {_options.StallSeconds} s and was stopped.\n{tail}", Engine.FfmpegFailure.Stall);
        }
        if (process.ExitCode != 0)
        {
            throw new FfmpegException($"FFmpeg exited with code {process.ExitCode}.\n{tail}");
        }
    }

    /// <summary>Runs FFmpeg to a temp file beside <paramref name="outputPath"/>, moved into place only on a clean, non-empty result.</summary>
    public async Task RenderToAsync(string outputPath, Func<string, IReadOnlyList<string>> arguments, double expectedSeconds,
        string logPath, Func<double, ValueTask>? progress, CancellationToken ct)
    {
        var ext = Path.GetExtension(outputPath);
        var temp = Path.Combine(Path.GetDirectoryName(outputPath)!, Path.GetFileNameWithoutExtension(outputPath) + ".partial" + ext);
        try
        {
            await RunAsync(arguments(temp), expectedSeconds, logPath, progress, ct);
            if (!File.Exists(temp) || new FileInfo(temp).Length == 0)
            {
                metrics?.FfmpegFailed(Engine.FfmpegFailure.NoOutput);
                throw new FfmpegException($"FFmpeg reported success but wrote nothing to {Path.GetFileName(outputPath)}.", Engine.FfmpegFailure.NoOutput);
            }
            File.Move(temp, outputPath, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private async Task ReadProgressAsync(StreamReader stdout, double expectedSeconds, Func<double, ValueTask>? progress,
        CancellationTokenSource stall, CancellationToken ct)
    {
        var parser = new ProgressParser();
        var encoded = 0.0;
        try
        {
            while (await stdout.ReadLineAsync(ct) is { } line)
            {
                if (parser.Feed(line) is not { } seconds)
                {
                    continue;
                }
                if (seconds > encoded)
                {
                    encoded = seconds;
                    stall.CancelAfter(TimeSpan.FromSeconds(_options.StallSeconds));
                }
                if (progress is not null && expectedSeconds > 0)
                {
                    await progress(Math.Min(1, seconds / expectedSeconds));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The registration killed FFmpeg; the caller reports why.
        }
    }

    private static async Task DrainAsync(StreamReader stderr, StreamWriter log, BoundedTail tail)
    {
        while (await stderr.ReadLineAsync() is { } line)
        {
            tail.Add(line);
            await log.WriteLineAsync(line);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static string CommandLine(ProcessStartInfo start) =>
        string.Join(' ', [start.FileName, .. start.ArgumentList.Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Length == 0 ? $"'{a}'" : a)]);
}
