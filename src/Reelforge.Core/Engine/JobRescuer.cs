using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelforge.Jobs;

namespace Reelforge.Engine;

/// <summary>
/// Returns jobs whose worker died (lease expired) to the queue, in batches. The jobs it ends itself
/// (attempts spent: `worker_lost`; a cancel its dead worker never saw) are counted here, since no
/// worker is left to count them.
/// </summary>
public sealed class JobRescuer(IJobStore store, JobSignal signal, IOptions<WorkersOptions> options, TimeProvider time, ILogger<JobRescuer> log,
    EngineMetrics? metrics = null) : BackgroundService
{
    private const int Batch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.RescueIntervalSeconds), time);
        try
        {
            do
            {
                await RescueOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task RescueOnceAsync(CancellationToken ct)
    {
        try
        {
            IReadOnlyList<RescuedJob> rescued;
            do
            {
                rescued = await store.RescueExpiredAsync(Batch, ct);
                if (rescued.Count > 0)
                {
                    Log.JobsRescued(log, rescued.Count);
                    Count(rescued);
                    signal.Set();
                }
            }
            while (rescued.Count == Batch);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RescueFailed(log, ex);
        }
    }

    private void Count(IReadOnlyList<RescuedJob> rescued)
    {
        foreach (var job in rescued)
        {
            switch (job.Stage)
            {
                case JobStage.Failed: metrics?.JobFailed(job.Dialect, job.Model); break;
                case JobStage.Cancelled: metrics?.JobCancelled(job.Dialect, job.Model); break;
            }
        }
    }
}
