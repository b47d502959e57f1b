using System.Text.Json;
using Dapper;
using Npgsql;
using Reelforge.Jobs;
using static Reelforge.Storage.Postgres.PostgresStorage;

namespace Reelforge.Storage.Postgres;

/// <summary>
/// The job store on PostgreSQL, for any number of processes. Writes lock the rows they change
/// (a fenced UPDATE waits for a rescue holding the row, then finds the token gone); claims and
/// rescues skip rows another transaction holds (<c>FOR UPDATE SKIP LOCKED</c>); what reads an
/// account's running count or balance and then writes holds that account's advisory lock.
/// </summary>
public sealed partial class PostgresJobStore(PostgresDatabase db, TimeProvider time) : IJobStore
{
    private readonly GroupCommit<Claiming, IReadOnlyList<Job>> _claims = new((calls, ct) => ClaimAllAsync(db, time.GetUtcNow().ToUnixTimeMilliseconds(), calls, ct));
    private readonly GroupCommit<Checkpointing, bool> _checkpoints = new((calls, ct) => CheckpointAllAsync(db, time.GetUtcNow().ToUnixTimeMilliseconds(), calls, ct));
    private readonly GroupCommit<Completing, bool> _completions = new((calls, ct) => CompleteAllAsync(db, time.GetUtcNow().ToUnixTimeMilliseconds(), calls, ct));

    // Everything but the timeline, which only a worker needs; status reads stay small.
    private const string Columns =
        "id, account_id, spec, stage, progress, attempt, max_attempts, cancel_requested, retrying, lease_token, " +
        "lease_expires_at, run_at, error_code, error_message, scenes, outputs, idempotency_key, created_at, updated_at, started_at, completed_at, webhook_url, dialect, expired_at, " +
        "credits_reserved, credits_charged";

    public async Task<(Job Job, bool Created)> CreateAsync(NewJob job, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // One create per account at a time: the same idempotency key cannot make two jobs, and two
        // creates cannot both spend the same credits.
        await LockAccountsAsync(connection, tx, [job.AccountId], ct);
        if (job.IdempotencyKey is not null)
        {
            var existing = await connection.QuerySingleOrDefaultAsync<JobRow>(
                Cmd($"SELECT {Columns} FROM jobs WHERE account_id = @AccountId AND idempotency_key = @IdempotencyKey", job, ct, tx));
            if (existing is not null)
            {
                return (existing.ToJob(), false);
            }
        }
        var now = Now();
        var reserved = Accounts.Credits.ToMilli(job.CreditsReserved);
        // Only settlements add to a balance meanwhile (and only set-credits replaces it), so what is
        // read here under the account's lock is at most what the update below finds.
        var balance = await connection.ExecuteScalarAsync<long?>(Cmd("SELECT credits FROM accounts WHERE id = @AccountId", job, ct, tx));
        if (balance is { } available && available < reserved)
        {
            throw new Accounts.InsufficientCreditsException(job.CreditsReserved, Accounts.Credits.FromMilli(available));
        }
        await connection.ExecuteAsync(Cmd("""
            INSERT INTO jobs (id, account_id, spec, stage, max_attempts, run_at, idempotency_key, webhook_url, dialect,
                              credits_per_second, credits_reserved, created_at, updated_at)
            VALUES (@Id, @AccountId, @Spec, 'queued', @MaxAttempts, @Now, @IdempotencyKey, @WebhookUrl, @Dialect,
                    @PerSecond, @Reserved, @Now, @Now)
            """, new
            {
                job.Id, job.AccountId, Spec = JsonSerializer.Serialize(job.Spec, JobJson.Default.VideoSpec), job.MaxAttempts,
                job.IdempotencyKey, job.WebhookUrl, job.Dialect, Now = now,
                PerSecond = Accounts.Credits.ToMilli(job.CreditsPerSecond), Reserved = reserved,
            }, ct, tx));
        await AppendEventAsync(connection, tx, job.Id, "created", now, ct);
        // After the event: the account row is locked after the events lock, as settling locks it.
        if (balance is not null)
        {
            await connection.ExecuteAsync(Cmd("UPDATE accounts SET credits = credits - @reserved WHERE id = @AccountId", new { reserved, job.AccountId }, ct, tx));
        }
        var created = await connection.QuerySingleAsync<JobRow>(Cmd($"SELECT {Columns} FROM jobs WHERE id = @Id", new { job.Id }, ct, tx));
        await tx.CommitAsync(ct);
        return (created.ToJob(), true);
    }

    public async Task<Job?> GetAsync(string id, string accountId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<JobRow>(
            Cmd($"SELECT {Columns} FROM jobs WHERE id = @id AND account_id = @accountId", new { id, accountId }, ct));
        return row?.ToJob();
    }

    public async Task<bool> ExistsAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(Cmd("SELECT 1 FROM jobs WHERE id = @id", new { id }, ct)) is not null;
    }

    public async Task<JobPage> ListAsync(string accountId, string? after, int limit, bool ascending, CancellationToken ct)
    {
        var order = ascending ? "ASC" : "DESC";
        var cursor = after is null ? "" : $"AND seq {(ascending ? ">" : "<")} (SELECT seq FROM jobs WHERE id = @after AND account_id = @accountId)";
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<JobRow>(
            Cmd($"SELECT {Columns} FROM jobs WHERE account_id = @accountId {cursor} ORDER BY seq {order} LIMIT @take", new { accountId, after, take = limit + 1 }, ct))).ToList();
        var hasMore = rows.Count > limit;
        return new JobPage(rows.Take(limit).Select(r => r.ToJob()).ToList(), hasMore);
    }

    public Task<IReadOnlyList<JobEvent>> ListEventsAsync(string jobId, long afterSeq, CancellationToken ct) => QueryEventsAsync(
        "SELECT seq, job_id, type, stage, progress, created_at, message FROM job_events WHERE job_id = @jobId AND seq > @afterSeq ORDER BY seq",
        new { jobId, afterSeq }, ct);

    // Many jobs' events by cursor: read in order (see AppendEventAsync).
    public Task<IReadOnlyList<JobEvent>> ListAccountEventsAsync(string accountId, long afterSeq, int limit, CancellationToken ct) => QueryEventsAsync("""
        SELECT e.seq, e.job_id, e.type, e.stage, e.progress, e.created_at, e.message
        FROM job_events e JOIN jobs j ON j.id = e.job_id
        WHERE j.account_id = @accountId AND e.seq > @afterSeq ORDER BY e.seq LIMIT @limit
        """, new { accountId, afterSeq, limit }, ct, inOrder: true);

    private async Task<IReadOnlyList<JobEvent>> QueryEventsAsync(string sql, object args, CancellationToken ct, bool inOrder = false)
    {
        await using var connection = await db.OpenAsync(ct);
        IEnumerable<(long Seq, string JobId, string Type, string Stage, long Progress, long CreatedAt, string? Message)> rows;
        if (inOrder)
        {
            await using var read = await connection.QueryMultipleAsync(Cmd(InOrder(sql), args, ct));
            await read.ReadAsync();
            rows = (await read.ReadAsync<(long, string, string, string, long, long, string?)>()).ToList();
        }
        else
        {
            rows = await connection.QueryAsync<(long, string, string, string, long, long, string?)>(Cmd(sql, args, ct));
        }
        return rows.Select(r => new JobEvent(r.Seq, r.JobId, r.Type, JobStages.Parse(r.Stage), (int)r.Progress, UnixMs.ToTime(r.CreatedAt)!.Value, r.Message)).ToList();
    }

    /// <summary>
    /// A read that is given no seq while a lower one may still commit: it first takes the events lock
    /// alone, which waits for the appenders in flight and holds new ones back until the read is done.
    /// One round trip; the batch is its own transaction, so the lock goes with it, and the read's
    /// snapshot is taken after the lock.
    /// </summary>
    private static string InOrder(string sql) => $"SELECT pg_advisory_xact_lock({EventsLock});\n{sql}";

    public async Task<IReadOnlyDictionary<JobStage, long>> CountByStageAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Stage, long Count)>(Cmd("SELECT stage, COUNT(*) FROM jobs GROUP BY stage", null, ct));
        return rows.ToDictionary(r => JobStages.Parse(r.Stage), r => r.Count);
    }

    public async Task<long> LatestEventSeqAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var read = await connection.QueryMultipleAsync(Cmd(InOrder("SELECT MAX(seq) FROM job_events"), null, ct));
        await read.ReadAsync();
        return await read.ReadSingleAsync<long?>() ?? 0;
    }

    public async Task<IReadOnlyList<UsageRow>> UsageAsync(string accountId, DateTimeOffset since, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<UsageRow>(Cmd("""
            SELECT day, SUM(completed)::bigint AS completed, SUM(failed)::bigint AS failed, SUM(cancelled)::bigint AS cancelled,
                   SUM(seconds_rendered) AS seconds_rendered, SUM(credits)::bigint AS credits
            FROM usage_daily WHERE account_id = @accountId AND day >= @since GROUP BY day ORDER BY day
            """, new { accountId, since = since.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }, ct));
        return rows.ToList();
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
