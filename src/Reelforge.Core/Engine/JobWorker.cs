using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelforge.Jobs;

namespace Reelforge.Engine;

/// <summary>
/// Runs <see cref="WorkersOptions.Concurrency"/> claim loops. A loop claims one due job, runs it
/// under a lease kept by <see cref="LeaseKeeper"/>, and ends the attempt: completed, requeued
/// with backoff, failed, or cancelled. Idle loops sleep until a submit signals them or the next
/// scheduled job is due.
/// </summary>
public sealed class JobWorker(
    IJobStore store, IJobHandler handler, JobSignal signal, RunningJobs running,
    IOptions<WorkersOptions> options, TimeProvider time, ILogger<JobWorker> log, EngineMetrics? metrics = null) : BackgroundService
{
    private readonly WorkersOptions _options = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _options.Concurrency).Select(_ => Task.Run(() => LoopAsync(stoppingToken), stoppingToken)));

    private async Task LoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            // Take the signal before claiming, so a submit that lands during the claim is not missed.
            var wake = signal.WaitAsync();
            try
            {
                var claimed = await store.ClaimAsync(1, _options.Lease, _options.MaxRunningPerAccount, stop);
                if (claimed.Count > 0)
                {
                    await RunAsync(claimed[0], stop);
                    continue;
                }
                await WaitForWorkAsync(wake, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.WorkerLoopFailed(log, ex);
                await Task.Delay(TimeSpan.FromMilliseconds(_options.PollMilliseconds), time, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task WaitForWorkAsync(Task wake, CancellationToken stop)
    {
        var delay = TimeSpan.FromMilliseconds(_options.PollMilliseconds);
        if (await store.NextDueAsync(stop) is { } due)
        {
            var untilDue = due - time.GetUtcNow();
            delay = untilDue < delay ? (untilDue > TimeSpan.Zero ? untilDue : TimeSpan.Zero) : delay;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var sleep = Task.Delay(delay, time, timeout.Token);
        await Task.WhenAny(wake, sleep);
        await timeout.CancelAsync();
    }

    private async Task RunAsync(Job job, CancellationToken stop)
    {
        var lease = new JobLease(job.Id, job.LeaseToken!);
        using var jobCts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var keeper = new LeaseKeeper(store, lease, _options, time, jobCts, log);
        using var registration = running.Register(job.Id, keeper.CancelRequested);
        var keeping = keeper.RunAsync();
        Log.JobStarted(log, job.Id, job.Attempt);
        metrics?.QueueWait(time.GetUtcNow() - job.RunAt);
        var started = time.GetTimestamp();
        try
        {
            var outputs = await handler.RunAsync(new JobRun(job, lease, store), jobCts.Token);
            await keeper.StopAsync(keeping);
            if (!await store.CompleteAsync(lease, JobStage.Exporting, outputs, stop))
            {
                Log.LeaseLost(log, job.Id);
                return;
            }
            Log.JobCompleted(log, job.Id);
            metrics?.JobRendered(time.GetElapsedTime(started));
            metrics?.JobCompleted(job.Dialect, job.Spec.Model);
        }
        catch (Exception ex) when (keeper.Outcome == LeaseStatus.CancelRequested)
        {
            await keeper.StopAsync(keeping);
            if (await store.ConfirmCancelledAsync(lease, stop))
            {
                metrics?.JobCancelled(job.Dialect, job.Spec.Model);
            }
            Log.JobCancelled(log, job.Id, ex.GetType().Name);
        }
        catch (Exception ex) when (keeper.Outcome == LeaseStatus.Lost || ex is LeaseLostException)
        {
            await keeper.StopAsync(keeping);
            Log.LeaseLost(log, job.Id);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down: the lease expires and the rescuer requeues the job; finished scenes are kept.
            await keeper.StopAsync(keeping);
        }
        catch (Exception ex)
        {
            await keeper.StopAsync(keeping);
            var failure = ex as JobFailedException;
            var retryable = failure?.Retryable ?? true;
            var retryAt = retryable && job.Attempt < job.MaxAttempts
                ? time.GetUtcNow() + _options.RetryDelay(job.Attempt, Random.Shared.NextDouble())
                : (DateTimeOffset?)null;
            var error = new JobError(failure?.Code ?? "internal_error", ex.Message);
            Log.JobAttemptFailed(log, job.Id, job.Attempt, error.Code, retryAt, ex);
            if (await store.FailAttemptAsync(lease, error, retryAt, stop) && retryAt is null)
            {
                metrics?.JobFailed(job.Dialect, job.Spec.Model);
            }
            if (retryAt is not null)
            {
                signal.Set();
            }
        }
    }
}
