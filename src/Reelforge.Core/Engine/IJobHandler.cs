using Reelforge.Jobs;

namespace Reelforge.Engine;

/// <summary>Does a job's work. The engine owns claiming, leases, retries and terminal states.</summary>
public interface IJobHandler
{
    /// <summary>Runs the job from wherever its last checkpoint left it; returns what it produced.</summary>
    Task<JobOutputs> RunAsync(JobRun run, CancellationToken ct);
}

/// <summary>One claimed attempt at a job, with the lease that fences every write it makes.</summary>
public sealed class JobRun(Job job, JobLease lease, IJobStore store)
{
    public Job Job { get; private set; } = job;
    public JobLease Lease { get; } = lease;

    /// <summary>Stores a checkpoint; throws <see cref="LeaseLostException"/> if another actor took the job.</summary>
    public async Task ReportAsync(JobCheckpoint checkpoint, CancellationToken ct)
    {
        if (!await store.CheckpointAsync(Lease, Job.Stage, checkpoint, ct))
        {
            throw new LeaseLostException(Job.Id);
        }
        Job = Job with
        {
            Stage = checkpoint.Stage,
            Progress = Math.Max(Job.Progress, checkpoint.Progress),
            Scenes = checkpoint.Scenes ?? Job.Scenes,
            Timeline = checkpoint.Timeline ?? Job.Timeline,
            Retrying = checkpoint.Retrying ?? Job.Retrying,
        };
    }
}

/// <summary>Another actor (rescuer, cancel, delete) changed the job under us: stop without writing.</summary>
public sealed class LeaseLostException(string jobId) : Exception($"Lease on job {jobId} was lost.");

/// <summary>An expected failure with a stable code; retried unless <see cref="Retryable"/> is false.</summary>
public sealed class JobFailedException(string code, string message, bool retryable = true, Exception? inner = null)
    : Exception(message, inner)
{
    public string Code { get; } = code;
    public bool Retryable { get; } = retryable;
}
