using System.Collections.Concurrent;

namespace Reelforge.Jobs;

/// <summary>
/// Serves repeated status reads of a job from memory for a short while. Every write made through
/// this process drops the job at once, so local readers never see a stale job. A write made by
/// another process drops it when <see cref="JobChanges"/> hears of it (PostgreSQL's notifications:
/// at once; SQLite: the event tail's next poll), and shows within <c>ttl</c> at worst. A read that
/// raced a write is not cached (the generation check), so an old snapshot can never outlive the
/// write that replaced it.
/// </summary>
public sealed class CachedJobReads : IJobStore
{
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<string, (Job Job, long ExpiresAt)> _jobs = new(StringComparer.Ordinal);
    private readonly IJobStore inner;
    private readonly TimeProvider time;
    private readonly TimeSpan ttl;
    private readonly JobChanges? changes;
    private long _generation;

    public CachedJobReads(IJobStore inner, TimeProvider time, TimeSpan ttl, JobChanges? changes = null)
    {
        (this.inner, this.time, this.ttl, this.changes) = (inner, time, ttl, changes);
        if (changes is not null)
        {
            // Changes heard from other processes; this process's own writes also forget below.
            changes.Changed += id =>
            {
                if (id == JobChanges.AnyJob)
                {
                    ForgetAll();
                }
                else
                {
                    Forget(id);
                }
            };
        }
    }

    public async Task<Job?> GetAsync(string id, string accountId, CancellationToken ct)
    {
        var now = time.GetTimestamp();
        if (_jobs.TryGetValue(id, out var hit) && hit.ExpiresAt > now)
        {
            return hit.Job.AccountId == accountId ? hit.Job : null;
        }
        var generation = Interlocked.Read(ref _generation);
        var job = await inner.GetAsync(id, accountId, ct);
        if (job is not null && ttl > TimeSpan.Zero && Interlocked.Read(ref _generation) == generation)
        {
            if (_jobs.Count >= MaxEntries)
            {
                _jobs.Clear();
            }
            _jobs[id] = (job, now + (long)(ttl.TotalSeconds * time.TimestampFrequency));
        }
        return job;
    }

    public async Task<(Job Job, bool Created)> CreateAsync(NewJob job, CancellationToken ct) => await inner.CreateAsync(job, ct);

    public Task<JobPage> ListAsync(string accountId, string? after, int limit, bool ascending, CancellationToken ct) =>
        inner.ListAsync(accountId, after, limit, ascending, ct);

    public async Task<IReadOnlyList<Job>> ClaimAsync(int max, TimeSpan leaseFor, int maxRunningPerAccount, CancellationToken ct)
    {
        var claimed = await inner.ClaimAsync(max, leaseFor, maxRunningPerAccount, ct);
        foreach (var job in claimed)
        {
            Forget(job.Id);
            changes?.Notify(job.Id);
        }
        return claimed;
    }

    public Task<LeaseStatus> RenewLeaseAsync(JobLease lease, TimeSpan leaseFor, CancellationToken ct) => inner.RenewLeaseAsync(lease, leaseFor, ct);

    public Task<LeaseStatus> CheckLeaseAsync(JobLease lease, CancellationToken ct) => inner.CheckLeaseAsync(lease, ct);

    public Task<bool> CheckpointAsync(JobLease lease, JobStage expected, JobCheckpoint checkpoint, CancellationToken ct) =>
        AfterAsync(lease.JobId, inner.CheckpointAsync(lease, expected, checkpoint, ct));

    public Task<bool> CompleteAsync(JobLease lease, JobStage expected, JobOutputs outputs, CancellationToken ct) =>
        AfterAsync(lease.JobId, inner.CompleteAsync(lease, expected, outputs, ct));

    public Task<bool> FailAttemptAsync(JobLease lease, JobError error, DateTimeOffset? retryAt, CancellationToken ct) =>
        AfterAsync(lease.JobId, inner.FailAttemptAsync(lease, error, retryAt, ct));

    public Task<bool> ConfirmCancelledAsync(JobLease lease, CancellationToken ct) =>
        AfterAsync(lease.JobId, inner.ConfirmCancelledAsync(lease, ct));

    public Task<Job?> RequestCancelAsync(string id, string accountId, CancellationToken ct) =>
        AfterAsync(id, inner.RequestCancelAsync(id, accountId, ct));

    public Task<bool> DeleteAsync(string id, string accountId, CancellationToken ct) =>
        AfterAsync(id, inner.DeleteAsync(id, accountId, ct));

    public Task<bool> ExistsAsync(string id, CancellationToken ct) => inner.ExistsAsync(id, ct);

    public Task<IReadOnlyList<string>> ListExpirableAsync(DateTimeOffset completedBefore, int limit, CancellationToken ct) =>
        inner.ListExpirableAsync(completedBefore, limit, ct);

    public Task<bool> MarkExpiredAsync(string id, CancellationToken ct) => AfterAsync(id, inner.MarkExpiredAsync(id, ct));

    public async Task<IReadOnlyList<RescuedJob>> RescueExpiredAsync(int batch, CancellationToken ct)
    {
        var rescued = await inner.RescueExpiredAsync(batch, ct);
        if (rescued.Count > 0)
        {
            ForgetAll();
            changes?.NotifyAll();
        }
        return rescued;
    }

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken ct) => inner.NextDueAsync(ct);

    public Task<IReadOnlyList<JobEvent>> ListEventsAsync(string jobId, long afterSeq, CancellationToken ct) => inner.ListEventsAsync(jobId, afterSeq, ct);

    public Task<long> LatestEventSeqAsync(CancellationToken ct) => inner.LatestEventSeqAsync(ct);

    public Task<IReadOnlyDictionary<JobStage, long>> CountByStageAsync(CancellationToken ct) => inner.CountByStageAsync(ct);

    public Task<IReadOnlyList<UsageRow>> UsageAsync(string accountId, DateTimeOffset since, CancellationToken ct) => inner.UsageAsync(accountId, since, ct);

    public Task<IReadOnlyList<JobEvent>> ListAccountEventsAsync(string accountId, long afterSeq, int limit, CancellationToken ct) =>
        inner.ListAccountEventsAsync(accountId, afterSeq, limit, ct);

    private async Task<T> AfterAsync<T>(string id, Task<T> write)
    {
        // Forget before and after: a read that starts mid-write is not cached (generation), and
        // whatever was cached before the write is gone once it lands.
        Forget(id);
        try
        {
            return await write;
        }
        finally
        {
            Forget(id);
            changes?.Notify(id);
        }
    }

    private void Forget(string id)
    {
        Interlocked.Increment(ref _generation);
        _jobs.TryRemove(id, out _);
    }

    private void ForgetAll()
    {
        Interlocked.Increment(ref _generation);
        _jobs.Clear();
    }
}
