using Dapper;
using Npgsql;
using Reelforge.Accounts;
using Reelforge.Jobs;
using Reelforge.Webhooks;
using static Reelforge.Storage.Postgres.PostgresStorage;

namespace Reelforge.Storage.Postgres;

public sealed partial class PostgresJobStore
{
    // "Reelfevt": shared by each transaction that appends events, from its first event to its
    // commit; taken alone, for one statement, by a reader that needs every seq below what it reads
    // to be final (see ReadInOrderAsync).
    private const long EventsLock = 0x5265656c66657674;

    /// <summary>
    /// Appends an event describing the job as it is now (call after the update, in its transaction),
    /// queues the webhook deliveries it causes (<see cref="DeliveryFanOut"/>) and, when it ends the
    /// job, settles its credits (<see cref="CreditSettlement"/>), all in the same transaction: a crash
    /// loses all of them or none.
    /// </summary>
    private static async Task AppendEventAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string jobId, string type, long now, CancellationToken ct, string? message = null)
    {
        // The job row is already this transaction's (updated and locked), so what the fan-out needs is
        // read as it will commit, and the transaction has its xid before it draws an event seq.
        var job = await connection.QuerySingleOrDefaultAsync<(string? AccountId, string Dialect, string? WebhookUrl, string Stage)>(Cmd(
            "SELECT account_id, dialect, webhook_url, stage FROM jobs WHERE id = @jobId", new { jobId }, ct, tx));
        if (job.AccountId is not { } accountId)
        {
            return;
        }
        var stage = JobStages.Parse(job.Stage);
        var planned = DeliveryFanOut.HookFor(type, stage) is null ? [] : DeliveryFanOut.Plan(type, stage, new FanOutJob(accountId, job.Dialect, job.WebhookUrl),
            (await connection.QueryAsync<(string Id, string Url, string EventTypes)>(Cmd(
                "SELECT id, url, event_types FROM webhook_endpoints WHERE account_id = @accountId", new { accountId }, ct, tx)))
            .Select(e => new EndpointSubscription(e.Id, e.Url, e.EventTypes.Split(',', StringSplitOptions.RemoveEmptyEntries)))).ToList();

        // Seqs are drawn in one order and may commit in another. One job's events cannot: every
        // transaction that appends one has updated the job's row first, so the next waits for this
        // one's commit. Across jobs, a reader that follows a cursor (an account's stream, the
        // tail's MAX(seq)) would step over a lower seq that commits after a higher one; so appenders
        // hold the events lock shared, from before the draw to their commit, and such a reader takes
        // it alone for its one statement (ReadInOrderAsync): every seq drawn before has committed or
        // rolled back, and every seq drawn after is higher. Appenders never wait for each other.
        // The NOTIFY is delivered to every listening process when (and only if) this commits.
        // One round trip, two statements run in order: the lock (and the notice), then the event.
        long seq;
        await using (var appended = await connection.QueryMultipleAsync(Cmd("""
            SELECT pg_advisory_xact_lock_shared(@EventsLock), pg_notify(@Channel, @jobId || ' ' || @type);
            INSERT INTO job_events (job_id, type, stage, progress, created_at, message)
            SELECT id, @type, stage, progress, @now, @message FROM jobs WHERE id = @jobId RETURNING seq;
            """, new { EventsLock, Channel = PostgresJobNotifications.Channel, jobId, type, now, message }, ct, tx)))
        {
            await appended.ReadAsync();
            seq = await appended.ReadSingleAsync<long>();
        }
        foreach (var d in planned)
        {
            await connection.ExecuteAsync(Cmd("""
                INSERT INTO webhook_deliveries (id, account_id, endpoint_id, job_id, event_seq, event_type, event_created_at, dialect, url, next_attempt_at, created_at, updated_at)
                VALUES (@Id, @accountId, @EndpointId, @jobId, @seq, @EventType, @now, @Dialect, @Url, @now, @now, @now)
                """, new { d.Id, accountId, d.EndpointId, jobId, seq, d.EventType, now, d.Dialect, d.Url }, ct, tx));
        }
        if (stage.IsTerminal())
        {
            await SettleAsync(connection, tx, jobId, now, ct);
        }
    }

    /// <summary>Once a job ends it is settled, once: the flag is taken first, so a second ending event finds nothing to settle.</summary>
    private static async Task SettleAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string jobId, long now, CancellationToken ct)
    {
        var rows = (await connection.QueryAsync<(string AccountId, string Stage, long Reserved, long? Charged, double? Seconds)>(Cmd("""
            UPDATE jobs SET credits_settled = true
            WHERE id = @jobId AND stage IN ('completed', 'failed', 'cancelled') AND credits_settled = false
            RETURNING account_id, stage, credits_reserved, credits_charged, rendered_seconds
            """, new { jobId }, ct, tx))).ToList();
        if (rows is not [var job])
        {
            return;
        }
        var settled = CreditSettlement.Settle(JobStages.Parse(job.Stage), job.Reserved, job.Charged, job.Seconds, DateTimeOffset.FromUnixTimeMilliseconds(now));
        var usage = settled.Usage;
        await connection.ExecuteAsync(Cmd("""
            UPDATE jobs SET credits_charged = @Charged WHERE id = @jobId;
            UPDATE accounts SET credits = credits + @Refund WHERE id = @AccountId AND credits IS NOT NULL;
            INSERT INTO usage_daily (account_id, day, completed, failed, cancelled, seconds_rendered, credits)
            VALUES (@AccountId, @Day, @Completed, @Failed, @Cancelled, @SecondsRendered, @Credits)
            ON CONFLICT (account_id, day) DO UPDATE SET
              completed = usage_daily.completed + excluded.completed, failed = usage_daily.failed + excluded.failed,
              cancelled = usage_daily.cancelled + excluded.cancelled, seconds_rendered = usage_daily.seconds_rendered + excluded.seconds_rendered,
              credits = usage_daily.credits + excluded.credits;
            """, new
            {
                jobId, job.AccountId, settled.Charged, settled.Refund,
                usage.Day, usage.Completed, usage.Failed, usage.Cancelled, usage.SecondsRendered, usage.Credits,
            }, ct, tx));
    }
}
