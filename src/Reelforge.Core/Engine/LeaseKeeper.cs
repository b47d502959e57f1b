using Microsoft.Extensions.Logging;
using Reelforge.Jobs;

namespace Reelforge.Engine;

/// <summary>
/// Keeps a worker's lease while its job runs: checks for a cancel request every
/// <see cref="WorkersOptions.CancelCheckMilliseconds"/>, renews at a third of the lease, and cancels
/// the job's token when the owner cancels or another actor takes the job.
/// </summary>
internal sealed class LeaseKeeper(
    IJobStore store, JobLease lease, WorkersOptions options, TimeProvider time,
    CancellationTokenSource job, ILogger log)
{
    private readonly CancellationTokenSource _self = new();
    private int _outcome = (int)LeaseStatus.Held;

    public LeaseStatus Outcome => (LeaseStatus)Volatile.Read(ref _outcome);

    /// <summary>Called in-process by a cancel request, so FFmpeg stops without waiting for a check.</summary>
    public void CancelRequested() => Stop(LeaseStatus.CancelRequested);

    public async Task RunAsync()
    {
        var check = TimeSpan.FromMilliseconds(options.CancelCheckMilliseconds);
        var renewEvery = options.Lease / 3;
        var renewedAt = time.GetUtcNow();
        try
        {
            while (!_self.IsCancellationRequested)
            {
                await Task.Delay(check, time, _self.Token);
                LeaseStatus status;
                try
                {
                    var now = time.GetUtcNow();
                    if (now - renewedAt >= renewEvery)
                    {
                        status = await store.RenewLeaseAsync(lease, options.Lease, _self.Token);
                        renewedAt = now;
                    }
                    else
                    {
                        status = await store.CheckLeaseAsync(lease, _self.Token);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.LeaseCheckFailed(log, lease.JobId, ex);
                    continue;
                }
                if (status != LeaseStatus.Held)
                {
                    Stop(status);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task StopAsync(Task running)
    {
        await _self.CancelAsync();
        await running;
        _self.Dispose();
    }

    private void Stop(LeaseStatus status)
    {
        if (Interlocked.CompareExchange(ref _outcome, (int)status, (int)LeaseStatus.Held) == (int)LeaseStatus.Held)
        {
            job.Cancel();
        }
    }
}
