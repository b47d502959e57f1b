using System.Text.Json;
using Dapper;
using Reelforge.Jobs;
using static Reelforge.Storage.Sqlite.SqliteStorage;

namespace Reelforge.Storage.Sqlite;

public sealed partial class SqliteJobStore
{
    public async Task<bool> CheckpointAsync(JobLease lease, JobStage expected, JobCheckpoint checkpoint, CancellationToken ct)
    {
        return await FencedUpdateAsync(lease, checkpoint.EventType(expected), """
            UPDATE jobs
            SET stage = @Stage, progress = MAX(progress, @Progress), scenes = COALESCE(@Scenes, scenes),
                timeline = COALESCE(@Timeline, timeline), retrying = COALESCE(@Retrying, retrying), updated_at = @Now
            WHERE id = @JobId AND lease_token = @Token AND stage = @Expected
            """, CheckpointColumns.From(checkpoint, expected), ct, checkpoint.Note);
    }

    public async Task<bool> CompleteAsync(JobLease lease, JobStage expected, JobOutputs outputs, CancellationToken ct)
    {
        var now = Now();
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        var price = (await connection.QueryAsync<(long Reserved, long PerSecond)>(Cmd(
            "SELECT credits_reserved, credits_per_second FROM jobs WHERE id = @JobId AND lease_token = @Token AND stage = @Expected",
            new { lease.JobId, lease.Token, Expected = expected.ToWire() }, ct, tx))).ToList();
        if (price is not [var p])
        {
            return false;
        }
        await connection.ExecuteAsync(Cmd("""
            UPDATE jobs
            SET stage = 'completed', progress = 100, outputs = @Outputs, completed_at = @now, updated_at = @now,
                lease_token = NULL, lease_expires_at = NULL, retrying = 0, error_code = NULL, error_message = NULL,
                rendered_seconds = @Seconds, credits_charged = @Charged
            WHERE id = @JobId
            """, new
            {
                lease.JobId, now, Outputs = JsonSerializer.Serialize(outputs, JobJson.Default.JobOutputs),
                Seconds = outputs.DurationSeconds, Charged = Accounts.CreditSettlement.Charge(p.Reserved, p.PerSecond, outputs.DurationSeconds),
            }, ct, tx));
        await AppendEventAsync(connection, tx, lease.JobId, "completed", now, ct);
        tx.Commit();
        return true;
    }

    public Task<bool> FailAttemptAsync(JobLease lease, JobError error, DateTimeOffset? retryAt, CancellationToken ct) =>
        retryAt is { } at
            ? FencedUpdateAsync(lease, "retry_scheduled", """
                UPDATE jobs
                SET stage = 'queued', run_at = @RunAt, error_code = @Code, error_message = @Message, updated_at = @Now,
                    lease_token = NULL, lease_expires_at = NULL
                WHERE id = @JobId AND lease_token = @Token
                """, new { RunAt = at.ToUnixTimeMilliseconds(), error.Code, error.Message }, ct)
            : FencedUpdateAsync(lease, "failed", """
                UPDATE jobs
                SET stage = 'failed', error_code = @Code, error_message = @Message, updated_at = @Now,
                    lease_token = NULL, lease_expires_at = NULL, retrying = 0
                WHERE id = @JobId AND lease_token = @Token
                """, new { error.Code, error.Message }, ct);

    public Task<bool> ConfirmCancelledAsync(JobLease lease, CancellationToken ct) =>
        FencedUpdateAsync(lease, "cancelled", """
            UPDATE jobs
            SET stage = 'cancelled', error_code = 'cancelled', error_message = 'Cancelled by its owner.', updated_at = @Now,
                lease_token = NULL, lease_expires_at = NULL, retrying = 0
            WHERE id = @JobId AND lease_token = @Token
            """, new { }, ct);

    public async Task<Job?> RequestCancelAsync(string id, string accountId, CancellationToken ct)
    {
        var now = Now();
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        var args = new { id, accountId, now };
        // Nobody holds a queued job: it ends here. A held one is asked to stop; its worker confirms.
        if (await connection.ExecuteAsync(Cmd("""
            UPDATE jobs
            SET stage = 'cancelled', cancel_requested = 1, error_code = 'cancelled', error_message = 'Cancelled by its owner.', updated_at = @now
            WHERE id = @id AND account_id = @accountId AND stage = 'queued' AND lease_token IS NULL
            """, args, ct, tx)) == 1)
        {
            await AppendEventAsync(connection, tx, id, "cancelled", now, ct);
        }
        else if (await connection.ExecuteAsync(Cmd("""
            UPDATE jobs SET cancel_requested = 1, updated_at = @now
            WHERE id = @id AND account_id = @accountId AND stage NOT IN ('completed', 'failed', 'cancelled') AND cancel_requested = 0
            """, args, ct, tx)) == 1)
        {
            await AppendEventAsync(connection, tx, id, "cancel_requested", now, ct);
        }
        var row = await connection.QuerySingleOrDefaultAsync<JobRow>(Cmd($"SELECT {Columns} FROM jobs WHERE id = @id AND account_id = @accountId", args, ct, tx));
        tx.Commit();
        return row?.ToJob();
    }

    public async Task<bool> DeleteAsync(string id, string accountId, CancellationToken ct)
    {
        var now = Now();
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        // A video deleted before it ended ends here, as cancelled: whoever follows it hears so.
        if (await connection.ExecuteAsync(Cmd("""
            UPDATE jobs
            SET stage = 'cancelled', cancel_requested = 1, error_code = 'cancelled', error_message = 'Deleted by its owner.', updated_at = @now,
                lease_token = NULL, lease_expires_at = NULL, retrying = 0
            WHERE id = @id AND account_id = @accountId AND stage NOT IN ('completed', 'failed', 'cancelled')
            """, new { id, accountId, now }, ct, tx)) == 1)
        {
            await AppendEventAsync(connection, tx, id, "cancelled", now, ct);
        }
        var deleted = await connection.ExecuteAsync(Cmd("DELETE FROM jobs WHERE id = @id AND account_id = @accountId", new { id, accountId }, ct, tx));
        if (deleted == 1)
        {
            await connection.ExecuteAsync(Cmd("DELETE FROM job_events WHERE job_id = @id", new { id }, ct, tx));
        }
        tx.Commit();
        return deleted == 1;
    }

    public async Task<IReadOnlyList<string>> ListExpirableAsync(DateTimeOffset completedBefore, int limit, CancellationToken ct)
    {
        using var connection = db.Open();
        return (await connection.QueryAsync<string>(
            Cmd("SELECT id FROM jobs WHERE stage = 'completed' AND expired_at IS NULL AND completed_at < @before ORDER BY completed_at LIMIT @limit", new { before = completedBefore.ToUnixTimeMilliseconds(), limit }, ct))).ToList();
    }

    public async Task<bool> MarkExpiredAsync(string id, CancellationToken ct)
    {
        var now = Now();
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        if (await connection.ExecuteAsync(
            Cmd("UPDATE jobs SET expired_at = @now, updated_at = @now WHERE id = @id AND stage = 'completed' AND expired_at IS NULL", new { id, now }, ct, tx)) != 1)
        {
            return false;
        }
        await AppendEventAsync(connection, tx, id, "expired", now, ct);
        tx.Commit();
        return true;
    }

    /// <summary>Runs an update fenced by the lease; appends <paramref name="eventType"/> only if it changed a row.</summary>
    private async Task<bool> FencedUpdateAsync(JobLease lease, string eventType, string sql, object args, CancellationToken ct, string? message = null)
    {
        var now = Now();
        var parameters = new DynamicParameters(args);
        parameters.Add("JobId", lease.JobId);
        parameters.Add("Token", lease.Token);
        parameters.Add("Now", now);
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        if (await connection.ExecuteAsync(Cmd(sql, parameters, ct, tx)) != 1)
        {
            return false;
        }
        await AppendEventAsync(connection, tx, lease.JobId, eventType, now, ct, message);
        tx.Commit();
        return true;
    }
}
