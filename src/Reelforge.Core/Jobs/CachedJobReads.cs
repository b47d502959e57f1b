using System.Collections.Concurrent;

namespace Reelforge.Jobs;

/// <summary>
/// Serves repeated status reads of a job from memory for a short while. Every write made through
/// this process drops the job at once, so local readers never see a stale job; so does every change
/// <see cref="JobChanges"/> hears of from another process (a separate worker, another node: the
/// event tail), before it wakes anyone, so a follower woken by an event never reads the job as it
/// was before it. Without a tail, another process's write shows within <c>ttl</c>. A read that
/// raced a write is not cached (the generation check), so an old snapshot can never outlive the
/// write that replaced it.
/// </summary>
public sealed class CachedJobReads : IJobStore
{
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<string, (Job Job, long ExpiresAt)> _jobs = new(StringComparer.Ordinal);
    private readonly IJobStore _inner;
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;
    private readonly JobChanges? _changes;
    private long _generation;

    public CachedJobReads(IJobStore inner, TimeProvider time, TimeSpan ttl, JobChanges? changes = null)
    {
        _inner = inner;
        _time = time;
        _ttl = ttl;
        _changes = changes;
        if (changes is not null)
        {
            changes.Changing += id =>
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
        var now = _time.GetTimestamp();
        if (_jobs.TryGetValue(id, out var hit) && hit.ExpiresAt > now)
        {
            return hit.Job.AccountId == accountId ? hit.Job : null;
        }
        var generation = Interlocked.Read(ref _generation);
        var job = await _inner.GetAsync(id, accountId, ct);
        if (job is not null && _ttl > TimeSpan.Zero && Interlocked.Read(ref _generation) == generation)
        {
            if (_jobs.Count >= MaxEntries)
            {
                _jobs.Clear();
            }
            _jobs[id] = (job, now + (long)(_ttl.TotalSeconds * _time.TimestampFrequency));
        }
        return job;
    }

    public async Task<(Job Job, bool Created)> CreateAsync(NewJob job, CancellationToken ct) => await _inner.CreateAsync(job, ct);

    public Task<JobPage> ListAsync(string accountId, string? after, int limit, bool ascending, CancellationToken ct) =>
        _inner.ListAsync(accountId, after, limit, ascending, ct);

    public async Task<IReadOnlyList<Job>> ClaimAsync(int max, TimeSpan leaseFor, int maxRunningPerAccount, CancellationToken ct)
    {
        var claimed = await _inner.ClaimAsync(max, leaseFor, maxRunningPerAccount, ct);
        foreach (var job in claimed)
        {
            Forget(job.Id);
            _changes?.Notify(job.Id);
        }
        return claimed;
    }

    public Task<LeaseStatus> RenewLeaseAsync(JobLease lease, TimeSpan leaseFor, CancellationToken ct) => _inner.RenewLeaseAsync(lease, leaseFor, ct);

    public Task<LeaseStatus> CheckLeaseAsync(JobLease lease, CancellationToken ct) => _inner.CheckLeaseAsync(lease, ct);

    public Task<bool> CheckpointAsync(JobLease lease, JobStage expected, JobCheckpoint checkpoint, CancellationToken ct) =>
        AfterAsync(lease.JobId, _inner.CheckpointAsync(lease, expected, checkpoint, ct));

    public Task<bool> CompleteAsync(JobLease lease, JobStage expected, JobOutputs outputs, CancellationToken ct) =>
        AfterAsync(lease.JobId, _inner.CompleteAsync(lease, expected, outputs, ct));

    public Task<bool> FailAttemptAsync(JobLease lease, JobError error, DateTimeOffset? retryAt, CancellationToken ct) =>
        AfterAsync(lease.JobId, _inner.FailAttemptAsync(lease, error, retryAt, ct));

    public Task<bool> ConfirmCancelledAsync(JobLease lease, CancellationToken ct) =>
        AfterAsync(lease.JobId, _inner.ConfirmCancelledAsync(lease, ct));

    public Task<Job?> RequestCancelAsync(string id, string accountId, CancellationToken ct) =>
        AfterAsync(id, _inner.RequestCancelAsync(id, accountId, ct));

    public Task<bool> DeleteAsync(string id, string accountId, CancellationToken ct) =>
        AfterAsync(id, _inner.DeleteAsync(id, accountId, ct));

    public Task<bool> ExistsAsync(string id, CancellationToken ct) => _inner.ExistsAsync(id, ct);

    public Task<IReadOnlyList<string>> ListExpirableAsync(DateTimeOffset completedBefore, int limit, CancellationToken ct) =>
        _inner.ListExpirableAsync(completedBefore, limit, ct);

    public Task<bool> MarkExpiredAsync(string id, CancellationToken ct) => AfterAsync(id, _inner.MarkExpiredAsync(id, ct));

    public async Task<IReadOnlyList<RescuedJob>> RescueExpiredAsync(int batch, CancellationToken ct)
    {
        var rescued = await _inner.RescueExpiredAsync(batch, ct);
        if (rescued.Count > 0)
        {
            ForgetAll();
            _changes?.NotifyAll();
        }
        return rescued;
    }

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken ct) => _inner.NextDueAsync(ct);

    public Task<IReadOnlyList<JobEvent>> ListEventsAsync(string jobId, long afterSeq, CancellationToken ct) => _inner.ListEventsAsync(jobId, afterSeq, ct);

    public Task<long> LatestEventSeqAsync(CancellationToken ct) => _inner.LatestEventSeqAsync(ct);

    public Task<IReadOnlyDictionary<JobStage, long>> CountByStageAsync(CancellationToken ct) => _inner.CountByStageAsync(ct);

    public Task<IReadOnlyList<UsageRow>> UsageAsync(string accountId, DateTimeOffset since, CancellationToken ct) => _inner.UsageAsync(accountId, since, ct);

    public Task<IReadOnlyList<JobEvent>> ListAccountEventsAsync(string accountId, long afterSeq, int limit, CancellationToken ct) =>
        _inner.ListAccountEventsAsync(accountId, afterSeq, limit, ct);

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
            _changes?.Notify(id);
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
