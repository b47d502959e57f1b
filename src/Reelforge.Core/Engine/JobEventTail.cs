using Microsoft.Extensions.Hosting;
using Reelforge.Jobs;

namespace Reelforge.Engine;

/// <summary>
/// Notices events written by other processes (a separate `reelforge worker`): one cheap query a
/// second for the whole server, not one per following client. Local writes notify at once.
/// </summary>
public sealed class JobEventTail(IJobStore store, JobChanges changes, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seen = 0L;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var latest = await store.LatestEventSeqAsync(stoppingToken);
                    if (latest > seen)
                    {
                        seen = latest;
                        changes.NotifyAll();
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The next tick tries again; followers still get their heartbeats.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
