using System.Text.Json;
using Dapper;
using Reelforge.Jobs;
using static Reelforge.Storage.Sqlite.SqliteStorage;

namespace Reelforge.Storage.Sqlite;

public sealed partial class SqliteJobStore
{
    public async Task<IReadOnlyList<Job>> ClaimAsync(int max, TimeSpan leaseFor, int maxRunningPerAccount, CancellationToken ct)
    {
        var now = Now();
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        // The single writer (this transaction began IMMEDIATE) makes the reads and the update one
        // atomic step; RunningCap decides which candidates fit under the cap.
        var running = maxRunningPerAccount == 0 ? new Dictionary<string, long>() : (await connection.QueryAsync<(string AccountId, long Count)>(Cmd(
            "SELECT account_id, COUNT(*) FROM jobs WHERE lease_token IS NOT NULL AND stage NOT IN ('completed', 'failed', 'cancelled') GROUP BY account_id",
            null, ct, tx))).ToDictionary(r => r.AccountId, r => r.Count, StringComparer.Ordinal);
        var candidates = await connection.QueryAsync<ClaimCandidate>(Cmd(CandidatesSql,
            new { now, cap = maxRunningPerAccount, take = RunningCap.CandidatesToRead(max, maxRunningPerAccount, running.Values.Sum()) }, ct, tx));
        var picked = RunningCap.Pick(candidates, running, maxRunningPerAccount, max);
        if (picked.Count == 0)
        {
            return [];
        }
        // Each job gets its own token.
        var ids = (await connection.QueryAsync<string>(Cmd("""
            UPDATE jobs
            SET lease_token = lower(hex(randomblob(16))), lease_expires_at = @expires, attempt = attempt + 1,
                started_at = COALESCE(started_at, @now), updated_at = @now
            WHERE seq IN @picked
            RETURNING id
            """, new { now, expires = now + (long)leaseFor.TotalMilliseconds, picked }, ct, tx))).ToList();
        foreach (var id in ids)
        {
            await AppendEventAsync(connection, tx, id, "claimed", now, ct);
        }
        var rows = await connection.QueryAsync<JobRow>(Cmd($"SELECT {Columns}, timeline FROM jobs WHERE id IN @ids ORDER BY run_at, seq", new { ids }, ct, tx));
        tx.Commit();
        return rows.Select(r => r.ToJob()).ToList();
    }

    // Due jobs in claim order, at most `cap` per account (no account can be given more than that).
    private const string CandidatesSql = """
        SELECT seq AS Seq, account_id AS AccountId FROM (
          SELECT seq, account_id, run_at, ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY run_at, seq) AS place
          FROM jobs WHERE stage = 'queued' AND run_at <= @now AND lease_token IS NULL)
        WHERE @cap = 0 OR place <= @cap
        ORDER BY run_at, seq LIMIT @take
        """;

    public async Task<LeaseStatus> RenewLeaseAsync(JobLease lease, TimeSpan leaseFor, CancellationToken ct)
    {
        var now = Now();
        using var connection = db.Open();
        var cancel = await connection.QuerySingleOrDefaultAsync<bool?>(
            Cmd("UPDATE jobs SET lease_expires_at = @expires WHERE id = @JobId AND lease_token = @Token RETURNING cancel_requested", new { lease.JobId, lease.Token, expires = now + (long)leaseFor.TotalMilliseconds }, ct));
        return LeaseStatuses.FromCancelRequested(cancel);
    }

    public async Task<LeaseStatus> CheckLeaseAsync(JobLease lease, CancellationToken ct)
    {
        using var connection = db.Open();
        var cancel = await connection.QuerySingleOrDefaultAsync<bool?>(
            Cmd("SELECT cancel_requested FROM jobs WHERE id = @JobId AND lease_token = @Token", lease, ct));
        return LeaseStatuses.FromCancelRequested(cancel);
    }

    public async Task<IReadOnlyList<RescuedJob>> RescueExpiredAsync(int batch, CancellationToken ct)
    {
        var now = Now();
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        var expired = (await connection.QueryAsync<(long Seq, string Id, bool CancelRequested, long Attempt, long MaxAttempts, string Dialect, string Spec)>(Cmd("""
            SELECT seq, id, cancel_requested, attempt, max_attempts, dialect, spec FROM jobs
            WHERE lease_token IS NOT NULL AND lease_expires_at < @now ORDER BY lease_expires_at LIMIT @batch
            """, new { now, batch }, ct, tx))).ToList();
        var rescued = new List<RescuedJob>();
        foreach (var job in expired)
        {
            var outcome = RescuePolicy.Decide(new ExpiredLease(job.Id, job.CancelRequested, (int)job.Attempt, (int)job.MaxAttempts));
            await connection.ExecuteAsync(Cmd("""
                UPDATE jobs
                SET stage = @Stage, error_code = COALESCE(@Code, error_code), error_message = COALESCE(@Message, error_message),
                    lease_token = NULL, lease_expires_at = NULL, retrying = 0, run_at = @now, updated_at = @now
                WHERE seq = @Seq
                """, new { Stage = outcome.Stage.ToWire(), outcome.Error?.Code, outcome.Error?.Message, now, job.Seq }, ct, tx));
            await AppendEventAsync(connection, tx, job.Id, "rescued", now, ct);
            rescued.Add(new RescuedJob(job.Id, outcome.Stage, job.Dialect, JsonSerializer.Deserialize(job.Spec, JobJson.Default.VideoSpec)!.Model));
        }
        tx.Commit();
        return rescued;
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        using var connection = db.Open();
        var ms = await connection.ExecuteScalarAsync<long?>(Cmd("SELECT MIN(run_at) FROM jobs WHERE stage = 'queued' AND lease_token IS NULL", null, ct));
        return UnixMs.ToTime(ms);
    }
}
