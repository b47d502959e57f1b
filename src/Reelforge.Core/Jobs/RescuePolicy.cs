namespace Reelforge.Jobs;

/// <summary>What the rescuer found: a job whose lease expired, as it was stored.</summary>
public sealed record ExpiredLease(string JobId, bool CancelRequested, int Attempt, int MaxAttempts);

/// <summary>Where a rescued job goes; a null <see cref="Error"/> keeps the error its last attempt left.</summary>
public sealed record RescueOutcome(JobStage Stage, JobError? Error);

/// <summary>
/// The rescuer's decision for a job whose worker stopped renewing its lease. Stores execute it
/// (inside the transaction that read the lease), they never decide it.
/// </summary>
public static class RescuePolicy
{
    public static readonly JobError Cancelled = new("cancelled", "Cancelled by its owner.");
    public static readonly JobError WorkerLost = new("worker_lost", "The worker rendering this video stopped responding, and no attempts are left.");

    /// <summary>Cancelled if its owner asked; failed with `worker_lost` when no attempts are left; otherwise back to the queue.</summary>
    public static RescueOutcome Decide(ExpiredLease lease) =>
        lease.CancelRequested ? new RescueOutcome(JobStage.Cancelled, Cancelled)
        : lease.Attempt >= lease.MaxAttempts ? new RescueOutcome(JobStage.Failed, WorkerLost)
        : new RescueOutcome(JobStage.Queued, null);
}
