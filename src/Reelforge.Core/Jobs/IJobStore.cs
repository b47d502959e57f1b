using Reelforge.Timelines;

namespace Reelforge.Jobs;

/// <summary>
/// The job store port. Every write names the stage it expects and, for a worker, the lease token it
/// holds: <c>false</c> (zero rows changed) means another actor won — a rescue, a cancel, a delete —
/// and the caller must stop, never overwrite. Every change appends to <c>job_events</c> in the same
/// transaction. Time comes from the store's <see cref="TimeProvider"/>, never from SQL.
/// </summary>
public interface IJobStore
{
    /// <summary>Creates a job, or returns the existing one for the same account and idempotency key.</summary>
    Task<(Job Job, bool Created)> CreateAsync(NewJob job, CancellationToken ct);

    /// <summary>
    /// The job if it exists and belongs to <paramref name="accountId"/>; null otherwise. Reads leave
    /// out the timeline (only a worker needs it, and it comes with the claim), so status polls stay small.
    /// </summary>
    Task<Job?> GetAsync(string id, string accountId, CancellationToken ct);

    /// <summary>Newest first (or oldest first), strictly after the cursor job <paramref name="after"/>; without timelines.</summary>
    Task<JobPage> ListAsync(string accountId, string? after, int limit, bool ascending, CancellationToken ct);

    /// <summary>
    /// Claims up to <paramref name="max"/> due queued jobs for one worker, oldest first, leaving in the
    /// queue any that would give an account more than <paramref name="maxRunningPerAccount"/> jobs
    /// running at once (0: no cap). Counted across every process.
    /// </summary>
    Task<IReadOnlyList<Job>> ClaimAsync(int max, TimeSpan leaseFor, int maxRunningPerAccount, CancellationToken ct);

    /// <summary>Extends a held lease. Reports cancellation requests and lost leases.</summary>
    Task<LeaseStatus> RenewLeaseAsync(JobLease lease, TimeSpan leaseFor, CancellationToken ct);

    /// <summary>Reads whether the holder should stop, without writing.</summary>
    Task<LeaseStatus> CheckLeaseAsync(JobLease lease, CancellationToken ct);

    /// <summary>Records progress within or across stages (from <paramref name="expected"/>).</summary>
    Task<bool> CheckpointAsync(JobLease lease, JobStage expected, JobCheckpoint checkpoint, CancellationToken ct);

    Task<bool> CompleteAsync(JobLease lease, JobStage expected, JobOutputs outputs, CancellationToken ct);

    /// <summary>Ends an attempt with an error: requeued at <paramref name="retryAt"/>, or failed when null.</summary>
    Task<bool> FailAttemptAsync(JobLease lease, JobError error, DateTimeOffset? retryAt, CancellationToken ct);

    /// <summary>The worker confirms it stopped because cancellation was requested.</summary>
    Task<bool> ConfirmCancelledAsync(JobLease lease, CancellationToken ct);

    /// <summary>
    /// Cancels a queued job at once; asks the holder of a running job to stop. Returns the job as it
    /// is afterwards, or null if it does not exist for the account.
    /// </summary>
    Task<Job?> RequestCancelAsync(string id, string accountId, CancellationToken ct);

    /// <summary>Deletes a job and its events; one not yet ended is first recorded as cancelled, so its followers and webhooks hear of it. False if absent.</summary>
    Task<bool> DeleteAsync(string id, string accountId, CancellationToken ct);

    /// <summary>Whether a job with this id exists, whoever owns it.</summary>
    Task<bool> ExistsAsync(string id, CancellationToken ct);

    /// <summary>Completed, unexpired jobs that completed before <paramref name="completedBefore"/>, oldest first.</summary>
    Task<IReadOnlyList<string>> ListExpirableAsync(DateTimeOffset completedBefore, int limit, CancellationToken ct);

    /// <summary>Marks a completed job's outputs as deleted by retention (with an `expired` event). False if it was not due.</summary>
    Task<bool> MarkExpiredAsync(string id, CancellationToken ct);

    /// <summary>
    /// Returns jobs whose lease expired to the queue, fails them when out of attempts (`worker_lost`),
    /// or cancels them when their owner asked; each rescued job with the stage it was left in.
    /// </summary>
    Task<IReadOnlyList<RescuedJob>> RescueExpiredAsync(int batch, CancellationToken ct);

    /// <summary>When the next queued job becomes due, if any is waiting.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken ct);

    Task<IReadOnlyList<JobEvent>> ListEventsAsync(string jobId, long afterSeq, CancellationToken ct);

    /// <summary>Events of every job of an account after <paramref name="afterSeq"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<JobEvent>> ListAccountEventsAsync(string accountId, long afterSeq, int limit, CancellationToken ct);

    /// <summary>The account's ledger from the UTC day of <paramref name="since"/>: jobs ended each day by outcome, seconds rendered, credits charged.</summary>
    Task<IReadOnlyList<UsageRow>> UsageAsync(string accountId, DateTimeOffset since, CancellationToken ct);

    /// <summary>How many jobs are in each stage now (stages with none are left out); read when metrics are scraped.</summary>
    Task<IReadOnlyDictionary<JobStage, long>> CountByStageAsync(CancellationToken ct);

    /// <summary>The newest event's sequence number (0 when there is none): how a process notices others' writes.</summary>
    Task<long> LatestEventSeqAsync(CancellationToken ct);
}

public enum LeaseStatus { Held, CancelRequested, Lost }

public static class LeaseStatuses
{
    /// <summary>A lease read back as the job's `cancel_requested` where the token still matches: no row means it is lost.</summary>
    public static LeaseStatus FromCancelRequested(bool? cancelRequested) => cancelRequested switch
    {
        null => LeaseStatus.Lost,
        true => LeaseStatus.CancelRequested,
        false => LeaseStatus.Held,
    };
}

/// <summary>A worker's report. Null members leave the stored value as it is.</summary>
public sealed record JobCheckpoint(JobStage Stage, int Progress)
{
    public IReadOnlyList<SceneState>? Scenes { get; init; }
    public Timeline? Timeline { get; init; }
    public bool? Retrying { get; init; }
    /// <summary>Something to tell the job's followers (a provider's outcome): stored as a `note` event with this message.</summary>
    public string? Note { get; init; }

    /// <summary>The event this checkpoint appends when the job was in <paramref name="expected"/>: `stage`, `scene`, `note` or `progress`.</summary>
    public string EventType(JobStage expected) =>
        Stage != expected ? "stage" : Scenes is not null ? "scene" : Note is not null ? "note" : "progress";
}

/// <summary>One UTC day of an account's usage; <see cref="Credits"/> in thousandths, as stored.</summary>
public sealed record UsageRow(string Day, long Completed, long Failed, long Cancelled, double SecondsRendered, long Credits);

/// <summary>A job the rescuer took back from a dead worker, and where it left it: queued, failed or cancelled.</summary>
public sealed record RescuedJob(string Id, JobStage Stage, string Dialect, string Model);
