using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Reelforge.Blobs;
using Reelforge.Jobs;

namespace Reelforge.Engine;

/// <summary>
/// Deletes job blob folders (`jobs/&lt;id&gt;/`) that no job owns and nobody has written to for an
/// hour: uploads of a create that crashed between storing them and making its job, or files of a
/// job deleted by a process that died before removing them, or while a worker was still writing
/// them. Likewise the scratch folders (`work/&lt;id&gt;/`) of deleted jobs. A create in flight
/// stores and submits within one request, so an hour leaves it alone.
/// </summary>
public sealed class OrphanSweeper(IJobStore store, IBlobStore blobs, TimeProvider time, ILogger<OrphanSweeper> logger, DataPaths? paths = null)
    : BackgroundService
{
    public static readonly TimeSpan MinimumAge = TimeSpan.FromHours(1);
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
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
                    Log.OrphanSweepFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass: deletes every orphaned folder older than <see cref="MinimumAge"/>. Returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var before = time.GetUtcNow() - MinimumAge;
        var deleted = 0;
        await foreach (var (jobId, lastWritten) in blobs.ListJobsAsync(ct))
        {
            if (lastWritten < before && !await store.ExistsAsync(jobId, ct))
            {
                await blobs.DeletePrefixAsync(BlobKeys.JobPrefix(jobId), ct);
                Log.OrphanDeleted(logger, jobId);
                deleted++;
            }
        }
        return deleted + await SweepWorkAsync(before, ct);
    }

    private async Task<int> SweepWorkAsync(DateTimeOffset before, CancellationToken ct)
    {
        var work = paths is null ? null : Path.Combine(paths.Root, "work");
        if (work is null || !Directory.Exists(work))
        {
            return 0;
        }
        var deleted = 0;
        foreach (var dir in Directory.EnumerateDirectories(work))
        {
            var jobId = Path.GetFileName(dir);
            if (Directory.GetLastWriteTimeUtc(dir) < before.UtcDateTime && !await store.ExistsAsync(jobId, ct) && paths!.TryDeleteWorkDirectory(jobId))
            {
                Log.OrphanDeleted(logger, jobId);
                deleted++;
            }
        }
        return deleted;
    }
}
