using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelforge.Blobs;
using Reelforge.Jobs;

namespace Reelforge.Engine;

/// <summary>
/// Deletes the outputs of videos completed more than `Files:RetentionDays` ago and marks them
/// expired. Files go first and the mark after, so a crash in between leaves a job that the next
/// pass finishes, never an "unexpired" job whose files are gone for good without a trace.
/// </summary>
public sealed class RetentionSweeper(IJobStore store, IBlobStore blobs, DataPaths paths, TimeProvider time,
    IOptions<FilesOptions> options, ILogger<RetentionSweeper> logger) : BackgroundService
{
    private const int Batch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RetentionDays <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(SweepInterval(options.Value), time);
        try
        {
            do
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.RetentionFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass: expires every due video. Returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var before = time.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays);
        var expired = 0;
        while (true)
        {
            var due = await store.ListExpirableAsync(before, Batch, ct);
            foreach (var id in due)
            {
                await blobs.DeletePrefixAsync(BlobKeys.JobPrefix(id), ct);
                paths.DeleteWorkDirectory(id);
                expired += await store.MarkExpiredAsync(id, ct) ? 1 : 0;
            }
            if (due.Count < Batch)
            {
                return expired;
            }
        }
    }

    /// <summary>A tenth of the retention, between a second and an hour.</summary>
    private static TimeSpan SweepInterval(FilesOptions o) =>
        TimeSpan.FromSeconds(Math.Clamp(o.RetentionDays * 86_400 / 10, 1, 3600));
}
