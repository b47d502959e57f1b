using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelforge.Jobs;

namespace Reelforge.Engine;

/// <summary>Returns jobs whose worker died (lease expired) to the queue, in batches.</summary>
public sealed class JobRescuer(IJobStore store, JobSignal signal, IOptions<WorkersOptions> options, TimeProvider time, ILogger<JobRescuer> log)
    : BackgroundService
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
            int rescued;
            do
            {
                rescued = await store.RescueExpiredAsync(Batch, ct);
                if (rescued > 0)
                {
                    Log.JobsRescued(log, rescued);
                    signal.Set();
                }
            }
            while (rescued == Batch);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RescueFailed(log, ex);
        }
    }
}
