using System.Text;
using Microsoft.Extensions.Options;
using Reelforge.Rendering.Processes;

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
        string[] args = ["-hide_banner", "-nostdin", "-nostats", "-y", "-progress", "pipe:1", .. arguments];

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        // Each run writes its own file and adds it to the shared log whole when it ends: scenes
        // rendered at once used to interleave, and overwrite each other's lines, in one log.
        var ownLog = $"{logPath}.{Guid.NewGuid():N}.part";
        try
        {
            await using (var log = new StreamWriter(ownLog, append: false, Encoding.UTF8))
            {
                await log.WriteLineAsync(ChildProcess.CommandLine(_options.FfmpegPath, args));
                try
                {
                    await RunLoggedAsync(args, expectedSeconds, log, progress, ct);
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

    private async Task RunLoggedAsync(string[] args, double expectedSeconds, StreamWriter log, Func<double, ValueTask>? progress, CancellationToken ct)
    {
        // Re-armed each time the encoded time advances: fires only when FFmpeg is stuck.
        using var stall = new CancellationTokenSource(TimeSpan.FromSeconds(_options.StallSeconds));
        var parser = new ProgressParser();
        var encoded = 0.0;
        var result = await ChildProcess.RunAsync(new ChildStart(_options.FfmpegPath, args)
        {
            Timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds),
            Stop = stall.Token,
            OnErrorLine = line => new ValueTask(log.WriteLineAsync(line)),
            OnOutputLine = async line =>
            {
                if (parser.Feed(line) is not { } seconds)
                {
                    return;
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
            },
        }, ct);
        switch (result)
        {
            case { End: ChildEnd.TimedOut }:
                throw new FfmpegException($"FFmpeg timed out after {_options.TimeoutSeconds} s.\n{result.ErrorTail}", Engine.FfmpegFailure.Timeout);
            case { End: ChildEnd.Stopped }:
                throw new FfmpegException($"FFmpeg made no progress for {_options.StallSeconds} s and was stopped.\n{result.ErrorTail}", Engine.FfmpegFailure.Stall);
            case { ExitCode: not 0 }:
                throw new FfmpegException($"FFmpeg exited with code {result.ExitCode}.\n{result.ErrorTail}");
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
}
