using System.Text.Json;
using Dapper;
using Reelforge.Jobs;
using static Reelforge.Storage.Postgres.PostgresStorage;

namespace Reelforge.Storage.Postgres;

public sealed partial class PostgresJobStore
{
    // A render reports and ends many jobs at once: those calls share transactions (GroupCommit).
    public Task<bool> CheckpointAsync(JobLease lease, JobStage expected, JobCheckpoint checkpoint, CancellationToken ct) =>
        _checkpoints.RunAsync(new Checkpointing(lease, expected, checkpoint), ct);

    public Task<bool> CompleteAsync(JobLease lease, JobStage expected, JobOutputs outputs, CancellationToken ct) =>
        _completions.RunAsync(new Completing(lease, expected, outputs), ct);

    private readonly record struct Checkpointing(JobLease Lease, JobStage Expected, JobCheckpoint Checkpoint);

    private readonly record struct Completing(JobLease Lease, JobStage Expected, JobOutputs Outputs);

    private static async Task<IReadOnlyList<bool>> CheckpointAllAsync(PostgresDatabase db, long now, IReadOnlyList<Checkpointing> calls, CancellationToken ct)
    {
        var done = new bool[calls.Count];
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // A job's scenes may report at once: its second call goes after its first, as if alone.
        foreach (var round in Rounds(calls, c => c.Lease.JobId))
        {
            var columns = round.ConvertAll(i => CheckpointColumns.From(calls[i].Checkpoint, calls[i].Expected));
            var changed = (await connection.QueryAsync<string>(Cmd("""
                UPDATE jobs
                SET stage = c.stage, progress = GREATEST(jobs.progress, c.progress), scenes = COALESCE(c.scenes, jobs.scenes),
                    timeline = COALESCE(c.timeline, jobs.timeline), retrying = COALESCE(c.retrying, jobs.retrying), updated_at = @now
                FROM unnest(@Ids, @Tokens, @Expected, @Stages, @Progress, @Scenes, @Timelines, @Retrying)
                  AS c(id, token, expected, stage, progress, scenes, timeline, retrying)
                WHERE jobs.id = c.id AND jobs.lease_token = c.token AND jobs.stage = c.expected
                RETURNING jobs.id
                """, new
                {
                    now,
                    Ids = round.ConvertAll(i => calls[i].Lease.JobId).ToArray(), Tokens = round.ConvertAll(i => calls[i].Lease.Token).ToArray(),
                    Expected = columns.ConvertAll(c => c.Expected).ToArray(), Stages = columns.ConvertAll(c => c.Stage).ToArray(),
                    Progress = columns.ConvertAll(c => c.Progress).ToArray(), Scenes = columns.ConvertAll(c => c.Scenes).ToArray(),
                    Timelines = columns.ConvertAll(c => c.Timeline).ToArray(), Retrying = columns.ConvertAll(c => c.Retrying).ToArray(),
                }, ct, tx))).ToHashSet(StringComparer.Ordinal);
            var events = round.Where(i => changed.Contains(calls[i].Lease.JobId)).ToList();
            events.ForEach(i => done[i] = true);
            if (events.Count > 0)
            {
                await AppendEventsAsync(connection, tx,
                    events.ConvertAll(i => new NewEvent(calls[i].Lease.JobId, calls[i].Checkpoint.EventType(calls[i].Expected), calls[i].Checkpoint.Note)), now, ct);
            }
        }
        await tx.CommitAsync(ct);
        return done;
    }

    private static async Task<IReadOnlyList<bool>> CompleteAllAsync(PostgresDatabase db, long now, IReadOnlyList<Completing> calls, CancellationToken ct)
    {
        var done = new bool[calls.Count];
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        foreach (var round in Rounds(calls, c => c.Lease.JobId))
        {
            // The rows still held by these leases, locked (in key order) until the commit.
            var held = (await connection.QueryAsync<(string Id, long Reserved, long PerSecond)>(Cmd("""
                SELECT j.id, j.credits_reserved, j.credits_per_second
                FROM jobs j JOIN unnest(@Ids, @Tokens, @Expected) AS c(id, token, expected)
                  ON j.id = c.id AND j.lease_token = c.token AND j.stage = c.expected
                ORDER BY j.id FOR UPDATE OF j
                """, new
                {
                    Ids = round.ConvertAll(i => calls[i].Lease.JobId).ToArray(), Tokens = round.ConvertAll(i => calls[i].Lease.Token).ToArray(),
                    Expected = round.ConvertAll(i => calls[i].Expected.ToWire()).ToArray(),
                }, ct, tx))).ToDictionary(r => r.Id, StringComparer.Ordinal);
            var completing = round.Where(i => held.ContainsKey(calls[i].Lease.JobId)).ToList();
            if (completing.Count == 0)
            {
                continue;
            }
            completing.ForEach(i => done[i] = true);
            await connection.ExecuteAsync(Cmd("""
                UPDATE jobs
                SET stage = 'completed', progress = 100, outputs = c.outputs, completed_at = @now, updated_at = @now,
                    lease_token = NULL, lease_expires_at = NULL, retrying = false, error_code = NULL, error_message = NULL,
                    rendered_seconds = c.seconds, credits_charged = c.charged
                FROM unnest(@Ids, @Outputs, @Seconds, @Charged) AS c(id, outputs, seconds, charged)
                WHERE jobs.id = c.id
                """, new
                {
                    now,
                    Ids = completing.ConvertAll(i => calls[i].Lease.JobId).ToArray(),
                    Outputs = completing.ConvertAll(i => JsonSerializer.Serialize(calls[i].Outputs, JobJson.Default.JobOutputs)).ToArray(),
                    Seconds = completing.ConvertAll(i => calls[i].Outputs.DurationSeconds).ToArray(),
                    Charged = completing.ConvertAll(i =>
                    {
                        var price = held[calls[i].Lease.JobId];
                        return Accounts.CreditSettlement.Charge(price.Reserved, price.PerSecond, calls[i].Outputs.DurationSeconds);
                    }).ToArray(),
                }, ct, tx));
            await AppendEventsAsync(connection, tx, completing.ConvertAll(i => new NewEvent(calls[i].Lease.JobId, "completed")), now, ct);
        }
        await tx.CommitAsync(ct);
        return done;
    }

    /// <summary>The calls' indexes in rounds in which no job appears twice, each call after the same job's earlier ones.</summary>
    private static IEnumerable<List<int>> Rounds<T>(IReadOnlyList<T> calls, Func<T, string> job)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var rounds = new List<List<int>>();
        for (var i = 0; i < calls.Count; i++)
        {
            var round = seen[job(calls[i])] = seen.GetValueOrDefault(job(calls[i])) + 1;
            if (rounds.Count < round)
            {
                rounds.Add([]);
            }
            rounds[round - 1].Add(i);
        }
        return rounds;
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
                    lease_token = NULL, lease_expires_at = NULL, retrying = false
                WHERE id = @JobId AND lease_token = @Token
                """, new { error.Code, error.Message }, ct);

    public Task<bool> ConfirmCancelledAsync(JobLease lease, CancellationToken ct) =>
        FencedUpdateAsync(lease, "cancelled", """
            UPDATE jobs
            SET stage = 'cancelled', error_code = 'cancelled', error_message = 'Cancelled by its owner.', updated_at = @Now,
                lease_token = NULL, lease_expires_at = NULL, retrying = false
            WHERE id = @JobId AND lease_token = @Token
            """, new { }, ct);

    public async Task<Job?> RequestCancelAsync(string id, string accountId, CancellationToken ct)
    {
        var now = Now();
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var args = new { id, accountId, now };
        // Nobody holds a queued job: it ends here. A held one is asked to stop; its worker confirms.
        if (await connection.ExecuteAsync(Cmd("""
            UPDATE jobs
            SET stage = 'cancelled', cancel_requested = true, error_code = 'cancelled', error_message = 'Cancelled by its owner.', updated_at = @now
            WHERE id = @id AND account_id = @accountId AND stage = 'queued' AND lease_token IS NULL
            """, args, ct, tx)) == 1)
        {
            await AppendEventAsync(connection, tx, id, "cancelled", now, ct);
        }
        else if (await connection.ExecuteAsync(Cmd("""
            UPDATE jobs SET cancel_requested = true, updated_at = @now
            WHERE id = @id AND account_id = @accountId AND stage NOT IN ('completed', 'failed', 'cancelled') AND cancel_requested = false
            """, args, ct, tx)) == 1)
        {
            await AppendEventAsync(connection, tx, id, "cancel_requested", now, ct);
        }
        var row = await connection.QuerySingleOrDefaultAsync<JobRow>(Cmd($"SELECT {Columns} FROM jobs WHERE id = @id AND account_id = @accountId", args, ct, tx));
        await tx.CommitAsync(ct);
        return row?.ToJob();
    }

    public async Task<bool> DeleteAsync(string id, string accountId, CancellationToken ct)
    {
        var now = Now();
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // A video deleted before it ended ends here, as cancelled: whoever follows it hears so.
        if (await connection.ExecuteAsync(Cmd("""
            UPDATE jobs
            SET stage = 'cancelled', cancel_requested = true, error_code = 'cancelled', error_message = 'Deleted by its owner.', updated_at = @now,
                lease_token = NULL, lease_expires_at = NULL, retrying = false
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
        await tx.CommitAsync(ct);
        return deleted == 1;
    }

    public async Task<IReadOnlyList<string>> ListExpirableAsync(DateTimeOffset completedBefore, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<string>(
            Cmd("SELECT id FROM jobs WHERE stage = 'completed' AND expired_at IS NULL AND completed_at < @before ORDER BY completed_at LIMIT @limit", new { before = completedBefore.ToUnixTimeMilliseconds(), limit }, ct))).ToList();
    }

    public async Task<bool> MarkExpiredAsync(string id, CancellationToken ct)
    {
        var now = Now();
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await connection.ExecuteAsync(
            Cmd("UPDATE jobs SET expired_at = @now, updated_at = @now WHERE id = @id AND stage = 'completed' AND expired_at IS NULL", new { id, now }, ct, tx)) != 1)
        {
            return false;
        }
        await AppendEventAsync(connection, tx, id, "expired", now, ct);
        await tx.CommitAsync(ct);
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
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await connection.ExecuteAsync(Cmd(sql, parameters, ct, tx)) != 1)
        {
            return false;
        }
        await AppendEventAsync(connection, tx, lease.JobId, eventType, now, ct, message);
        await tx.CommitAsync(ct);
        return true;
    }
}
