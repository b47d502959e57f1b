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
        // The single writer makes the sub-select and the update one atomic step; each job gets its own token.
        var ids = (await connection.QueryAsync<string>(Cmd("""
            UPDATE jobs
            SET lease_token = lower(hex(randomblob(16))), lease_expires_at = @expires, attempt = attempt + 1,
                started_at = COALESCE(started_at, @now), updated_at = @now
            WHERE seq IN (
              WITH running AS (
                SELECT account_id, COUNT(*) AS n FROM jobs
                WHERE lease_token IS NOT NULL AND stage NOT IN ('completed', 'failed', 'cancelled') GROUP BY account_id),
              due AS (
                SELECT seq, run_at, account_id, ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY run_at, seq) AS place
                FROM jobs WHERE stage = 'queued' AND run_at <= @now AND lease_token IS NULL)
              SELECT due.seq FROM due LEFT JOIN running ON running.account_id = due.account_id
              WHERE @cap = 0 OR COALESCE(running.n, 0) + due.place <= @cap
              ORDER BY due.run_at, due.seq LIMIT @max)
            RETURNING id
            """, new { now, expires = now + (long)leaseFor.TotalMilliseconds, max, cap = maxRunningPerAccount }, ct, tx))).ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        foreach (var id in ids)
        {
            await AppendEventAsync(connection, tx, id, "claimed", now, ct);
        }
        var rows = await connection.QueryAsync<JobRow>(Cmd($"SELECT {Columns}, timeline FROM jobs WHERE id IN @ids ORDER BY run_at, seq", new { ids }, ct, tx));
        tx.Commit();
        return rows.Select(r => r.ToJob()).ToList();
    }

    public async Task<LeaseStatus> RenewLeaseAsync(JobLease lease, TimeSpan leaseFor, CancellationToken ct)
    {
        var now = Now();
        using var connection = db.Open();
        var cancel = await connection.QuerySingleOrDefaultAsync<bool?>(
            Cmd("UPDATE jobs SET lease_expires_at = @expires WHERE id = @JobId AND lease_token = @Token RETURNING cancel_requested", new { lease.JobId, lease.Token, expires = now + (long)leaseFor.TotalMilliseconds }, ct));
        return ToLeaseStatus(cancel);
    }

    public async Task<LeaseStatus> CheckLeaseAsync(JobLease lease, CancellationToken ct)
    {
        using var connection = db.Open();
        var cancel = await connection.QuerySingleOrDefaultAsync<bool?>(
            Cmd("SELECT cancel_requested FROM jobs WHERE id = @JobId AND lease_token = @Token", lease, ct));
        return ToLeaseStatus(cancel);
    }

    public async Task<IReadOnlyList<RescuedJob>> RescueExpiredAsync(int batch, CancellationToken ct)
    {
        var now = Now();
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        // Back to the queue, unless the owner asked to cancel or the attempts are spent.
        var rows = (await connection.QueryAsync<(string Id, string Stage, string Dialect, string Spec)>(Cmd("""
            UPDATE jobs
            SET stage = CASE WHEN cancel_requested = 1 THEN 'cancelled'
                             WHEN attempt >= max_attempts THEN 'failed' ELSE 'queued' END,
                error_code = CASE WHEN cancel_requested = 1 THEN 'cancelled'
                                  WHEN attempt >= max_attempts THEN 'worker_lost' ELSE error_code END,
                error_message = CASE WHEN cancel_requested = 1 THEN 'Cancelled by its owner.'
                                     WHEN attempt >= max_attempts THEN 'The worker rendering this video stopped responding, and no attempts are left.'
                                     ELSE error_message END,
                lease_token = NULL, lease_expires_at = NULL, retrying = 0, run_at = @now, updated_at = @now
            WHERE seq IN (SELECT seq FROM jobs WHERE lease_token IS NOT NULL AND lease_expires_at < @now LIMIT @batch)
            RETURNING id, stage, dialect, spec
            """, new { now, batch }, ct, tx))).ToList();
        foreach (var row in rows)
        {
            await AppendEventAsync(connection, tx, row.Id, "rescued", now, ct);
        }
        tx.Commit();
        return rows.Select(r => new RescuedJob(r.Id, JobStages.Parse(r.Stage), r.Dialect,
            JsonSerializer.Deserialize(r.Spec, JobJson.Default.VideoSpec)!.Model)).ToList();
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        using var connection = db.Open();
        var ms = await connection.ExecuteScalarAsync<long?>(Cmd("SELECT MIN(run_at) FROM jobs WHERE stage = 'queued' AND lease_token IS NULL", null, ct));
        return UnixMs.ToTime(ms);
    }

    private static LeaseStatus ToLeaseStatus(bool? cancelRequested) => cancelRequested switch
    {
        null => LeaseStatus.Lost,
        true => LeaseStatus.CancelRequested,
        false => LeaseStatus.Held,
    };
}
