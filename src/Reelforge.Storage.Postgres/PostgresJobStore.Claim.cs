using System.Globalization;
using System.Text.Json;
using Dapper;
using Npgsql;
using Reelforge.Jobs;
using static Reelforge.Storage.Postgres.PostgresStorage;

namespace Reelforge.Storage.Postgres;

public sealed partial class PostgresJobStore
{
    // Many claim loops ask at once: their claims share transactions (GroupCommit).
    public Task<IReadOnlyList<Job>> ClaimAsync(int max, TimeSpan leaseFor, int maxRunningPerAccount, CancellationToken ct) =>
        _claims.RunAsync(new Claiming(max, leaseFor, maxRunningPerAccount), ct);

    private readonly record struct Claiming(int Max, TimeSpan LeaseFor, int MaxRunningPerAccount);

    /// <summary>Claims for all the calls with the same lease and cap at once, and deals the jobs out in claim order.</summary>
    private static async Task<IReadOnlyList<IReadOnlyList<Job>>> ClaimAllAsync(PostgresDatabase db, long now, IReadOnlyList<Claiming> calls, CancellationToken ct)
    {
        var dealt = new IReadOnlyList<Job>[calls.Count];
        foreach (var group in Enumerable.Range(0, calls.Count).GroupBy(i => (calls[i].LeaseFor, calls[i].MaxRunningPerAccount)))
        {
            var jobs = await LeaseDueAsync(db, now, group.Sum(i => calls[i].Max), group.Key.LeaseFor, group.Key.MaxRunningPerAccount, ct);
            var next = 0;
            foreach (var i in group)
            {
                dealt[i] = jobs.Skip(next).Take(calls[i].Max).ToList();
                next += dealt[i].Count;
            }
        }
        return dealt;
    }

    /// <summary>Leases up to <paramref name="max"/> due jobs in one transaction, each with its `claimed` event.</summary>
    private static async Task<IReadOnlyList<Job>> LeaseDueAsync(PostgresDatabase db, long now, int max, TimeSpan leaseFor, int maxRunningPerAccount, CancellationToken ct)
    {
        var expires = now + (long)leaseFor.TotalMilliseconds;
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // Without a cap, one statement picks, locks and leases the due jobs.
        var claimed = maxRunningPerAccount > 0
            ? await ClaimCappedAsync(connection, tx, max, now, expires, maxRunningPerAccount, ct)
            : (await connection.QueryAsync<JobRow>(Cmd(string.Format(CultureInfo.InvariantCulture, LeaseSql, $"ARRAY({CandidatesSql})"),
                new { now, expires, take = max }, ct, tx))).ToList();
        if (claimed.Count == 0)
        {
            return [];
        }
        await AppendEventsAsync(connection, tx, claimed.ConvertAll(r => new NewEvent(r.Id, "claimed")), now, ct);
        await tx.CommitAsync(ct);
        return claimed.Select(r => r.ToJob()).ToList();
    }

    private static async Task<List<JobRow>> ClaimCappedAsync(NpgsqlConnection connection, NpgsqlTransaction tx, int max, long now, long expires, int cap, CancellationToken ct)
    {
        // Sizes the candidate read only; the counts RunningCap decides on are read again under the locks.
        var runningBefore = await connection.ExecuteScalarAsync<long>(Cmd(
            "SELECT COUNT(*) FROM jobs WHERE lease_token IS NOT NULL AND stage NOT IN ('completed', 'failed', 'cancelled')", null, ct, tx));
        var candidates = (await connection.QueryAsync<ClaimCandidate>(Cmd(CappedCandidatesSql,
            new { now, cap, take = RunningCap.CandidatesToRead(max, cap, runningBefore) }, ct, tx))).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }
        // Another claimer of these accounts commits before this goes on, so the count below sees its jobs.
        var accounts = candidates.Select(c => c.AccountId).Distinct(StringComparer.Ordinal).ToArray();
        await LockAccountsAsync(connection, tx, accounts, ct);
        var running = (await connection.QueryAsync<(string AccountId, long Count)>(Cmd("""
            SELECT account_id, COUNT(*) FROM jobs
            WHERE lease_token IS NOT NULL AND stage NOT IN ('completed', 'failed', 'cancelled') AND account_id = ANY(@accounts)
            GROUP BY account_id
            """, new { accounts }, ct, tx))).ToDictionary(r => r.AccountId, r => r.Count, StringComparer.Ordinal);
        var picked = RunningCap.Pick(candidates, running, cap, max).ToArray();
        return picked.Length == 0 ? [] : (await connection.QueryAsync<JobRow>(Cmd(string.Format(CultureInfo.InvariantCulture, LeaseSql, "@picked"),
            new { now, expires, picked }, ct, tx))).ToList();
    }

    // Leases the jobs whose seqs {0} gives, each with its own token, and returns them in claim order.
    private const string LeaseSql = $$"""
        WITH leased AS (
          UPDATE jobs
          SET lease_token = replace(gen_random_uuid()::text, '-', ''), lease_expires_at = @expires, attempt = attempt + 1,
              started_at = COALESCE(started_at, @now), updated_at = @now
          WHERE seq = ANY({0})
          RETURNING seq, {{Columns}}, timeline)
        SELECT * FROM leased ORDER BY run_at, seq
        """;

    // Due jobs in claim order; rows another claimer holds are skipped, not waited for, and a row
    // claimed and committed since this statement's snapshot is re-checked against the conditions.
    private const string CandidatesSql = """
        SELECT seq FROM jobs
        WHERE stage = 'queued' AND run_at <= @now AND lease_token IS NULL
        ORDER BY run_at, seq LIMIT @take
        FOR UPDATE SKIP LOCKED
        """;

    // The same, at most `cap` per account (no account can be given more). The window's seqs are
    // an array, so the outer scan is by primary key: an IN (subquery) here was planned as a nested
    // loop that rescanned the window for every row (100 ms a claim with 1,000 queued).
    private const string CappedCandidatesSql = """
        SELECT seq, account_id FROM jobs
        WHERE seq = ANY(ARRAY(
                SELECT seq FROM (
                  SELECT seq, ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY run_at, seq) AS place
                  FROM jobs WHERE stage = 'queued' AND run_at <= @now AND lease_token IS NULL) due
                WHERE place <= @cap))
          AND stage = 'queued' AND run_at <= @now AND lease_token IS NULL
        ORDER BY run_at, seq LIMIT @take
        FOR UPDATE SKIP LOCKED
        """;

    public async Task<LeaseStatus> RenewLeaseAsync(JobLease lease, TimeSpan leaseFor, CancellationToken ct)
    {
        var now = Now();
        await using var connection = await db.OpenAsync(ct);
        var cancel = await connection.QuerySingleOrDefaultAsync<bool?>(
            Cmd("UPDATE jobs SET lease_expires_at = @expires WHERE id = @JobId AND lease_token = @Token RETURNING cancel_requested", new { lease.JobId, lease.Token, expires = now + (long)leaseFor.TotalMilliseconds }, ct));
        return LeaseStatuses.FromCancelRequested(cancel);
    }

    public async Task<LeaseStatus> CheckLeaseAsync(JobLease lease, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var cancel = await connection.QuerySingleOrDefaultAsync<bool?>(
            Cmd("SELECT cancel_requested FROM jobs WHERE id = @JobId AND lease_token = @Token", lease, ct));
        return LeaseStatuses.FromCancelRequested(cancel);
    }

    public async Task<IReadOnlyList<RescuedJob>> RescueExpiredAsync(int batch, CancellationToken ct)
    {
        var now = Now();
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var expired = (await connection.QueryAsync<(long Seq, string Id, bool CancelRequested, long Attempt, long MaxAttempts, string Dialect, string Spec)>(Cmd("""
            SELECT seq, id, cancel_requested, attempt, max_attempts, dialect, spec FROM jobs
            WHERE lease_token IS NOT NULL AND lease_expires_at < @now ORDER BY lease_expires_at LIMIT @batch
            FOR UPDATE SKIP LOCKED
            """, new { now, batch }, ct, tx))).ToList();
        var rescued = new List<RescuedJob>();
        foreach (var job in expired)
        {
            var outcome = RescuePolicy.Decide(new ExpiredLease(job.Id, job.CancelRequested, (int)job.Attempt, (int)job.MaxAttempts));
            await connection.ExecuteAsync(Cmd("""
                UPDATE jobs
                SET stage = @Stage, error_code = COALESCE(@Code, error_code), error_message = COALESCE(@Message, error_message),
                    lease_token = NULL, lease_expires_at = NULL, retrying = false, run_at = @now, updated_at = @now
                WHERE seq = @Seq
                """, new { Stage = outcome.Stage.ToWire(), outcome.Error?.Code, outcome.Error?.Message, now, job.Seq }, ct, tx));
            await AppendEventAsync(connection, tx, job.Id, "rescued", now, ct);
            rescued.Add(new RescuedJob(job.Id, outcome.Stage, job.Dialect, JsonSerializer.Deserialize(job.Spec, JobJson.Default.VideoSpec)!.Model));
        }
        await tx.CommitAsync(ct);
        return rescued;
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var ms = await connection.ExecuteScalarAsync<long?>(Cmd("SELECT MIN(run_at) FROM jobs WHERE stage = 'queued' AND lease_token IS NULL", null, ct));
        return UnixMs.ToTime(ms);
    }
}
