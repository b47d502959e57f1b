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
    private static Task AppendEventAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string jobId, string type, long now, CancellationToken ct, string? message = null) =>
        AppendEventsAsync(connection, tx, [jobId], type, now, ct, message);

    /// <summary>
    /// <see cref="AppendEventAsync"/> for several jobs at once, their events in the order given. One
    /// round trip appends them all and reads what their fan-out needs; deliveries and settlements
    /// take more only when there are any.
    /// </summary>
    private static async Task AppendEventsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string[] jobIds, string type, long now, CancellationToken ct, string? message = null)
    {
        // Seqs are drawn in one order and may commit in another. One job's events cannot: every
        // transaction that appends one has updated the job's row first, so the next waits for this
        // one's commit (and this transaction has its xid before it draws a seq). Across jobs, a
        // reader that follows a cursor (an account's stream, the tail's MAX(seq)) would step over a
        // lower seq that commits after a higher one; so appenders hold the events lock shared, from
        // before the draw to their commit, and such a reader takes it alone for its one statement
        // (InOrder): every seq drawn before has committed or rolled back, and every seq drawn after
        // is higher. Appenders never wait for each other.
        // The NOTIFYs are delivered to every listening process when (and only if) this commits.
        // Three statements in one round trip, run in order: the lock, the notices, the events.
        var appended = new List<AppendedEvent>(jobIds.Length);
        await using (var batch = await connection.QueryMultipleAsync(Cmd("""
            SELECT pg_advisory_xact_lock_shared(@EventsLock);
            SELECT pg_notify(@Channel, id || ' ' || @type) FROM unnest(@jobIds) AS id;
            WITH appended AS (
              INSERT INTO job_events (job_id, type, stage, progress, created_at, message)
              SELECT j.id, @type, j.stage, j.progress, @now, @message
              FROM unnest(@jobIds) WITH ORDINALITY AS given(id, place) JOIN jobs j ON j.id = given.id
              ORDER BY given.place
              RETURNING seq, job_id)
            SELECT a.seq AS Seq, j.id AS JobId, j.account_id AS AccountId, j.dialect AS Dialect, j.webhook_url AS WebhookUrl, j.stage AS Stage,
                   ARRAY(SELECT w.id FROM webhook_endpoints w WHERE w.account_id = j.account_id ORDER BY w.seq) AS EndpointIds,
                   ARRAY(SELECT w.url FROM webhook_endpoints w WHERE w.account_id = j.account_id ORDER BY w.seq) AS EndpointUrls,
                   ARRAY(SELECT w.event_types FROM webhook_endpoints w WHERE w.account_id = j.account_id ORDER BY w.seq) AS EndpointEvents
            FROM appended a JOIN jobs j ON j.id = a.job_id
            ORDER BY a.seq
            """, new { EventsLock, Channel = PostgresJobNotifications.Channel, jobIds, type, now, message }, ct, tx)))
        {
            await batch.ReadAsync();
            await batch.ReadAsync();
            appended.AddRange(await batch.ReadAsync<AppendedEvent>());
        }

        var deliveries = appended.SelectMany(e => DeliveryFanOut.Plan(type, JobStages.Parse(e.Stage), new FanOutJob(e.AccountId, e.Dialect, e.WebhookUrl),
                e.EndpointIds.Select((id, i) => new EndpointSubscription(id, e.EndpointUrls[i], e.EndpointEvents[i].Split(',', StringSplitOptions.RemoveEmptyEntries))))
            .Select(d => (Event: e, Delivery: d))).ToList();
        if (deliveries.Count > 0)
        {
            await connection.ExecuteAsync(Cmd("""
                INSERT INTO webhook_deliveries (id, account_id, endpoint_id, job_id, event_seq, event_type, event_created_at, dialect, url, next_attempt_at, created_at, updated_at)
                SELECT d.id, d.account_id, d.endpoint_id, d.job_id, d.event_seq, d.event_type, @now, d.dialect, d.url, @now, @now, @now
                FROM unnest(@Ids, @AccountIds, @EndpointIds, @JobIds, @Seqs, @EventTypes, @Dialects, @Urls)
                  AS d(id, account_id, endpoint_id, job_id, event_seq, event_type, dialect, url)
                """, new
                {
                    now,
                    Ids = deliveries.Select(x => x.Delivery.Id).ToArray(),
                    AccountIds = deliveries.Select(x => x.Event.AccountId).ToArray(),
                    EndpointIds = deliveries.Select(x => x.Delivery.EndpointId).ToArray(),
                    JobIds = deliveries.Select(x => x.Event.JobId).ToArray(),
                    Seqs = deliveries.Select(x => x.Event.Seq).ToArray(),
                    EventTypes = deliveries.Select(x => x.Delivery.EventType).ToArray(),
                    Dialects = deliveries.Select(x => x.Delivery.Dialect).ToArray(),
                    Urls = deliveries.Select(x => x.Delivery.Url).ToArray(),
                }, ct, tx));
        }
        foreach (var ended in appended.Where(e => JobStages.Parse(e.Stage).IsTerminal()))
        {
            await SettleAsync(connection, tx, ended.JobId, now, ct);
        }
    }

    private sealed class AppendedEvent
    {
        public long Seq { get; init; }
        public string JobId { get; init; } = "";
        public string AccountId { get; init; } = "";
        public string Dialect { get; init; } = "";
        public string? WebhookUrl { get; init; }
        public string Stage { get; init; } = "";
        public string[] EndpointIds { get; init; } = [];
        public string[] EndpointUrls { get; init; } = [];
        public string[] EndpointEvents { get; init; } = [];
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
        // Nothing to give back (the usual case) leaves the account's row alone: endings of one
        // paying account then do not wait for each other's commits.
        var settled = CreditSettlement.Settle(JobStages.Parse(job.Stage), job.Reserved, job.Charged, job.Seconds, DateTimeOffset.FromUnixTimeMilliseconds(now));
        var usage = settled.Usage;
        await connection.ExecuteAsync(Cmd("""
            UPDATE jobs SET credits_charged = @Charged WHERE id = @jobId;
            UPDATE accounts SET credits = credits + @Refund WHERE id = @AccountId AND credits IS NOT NULL AND @Refund <> 0;
            INSERT INTO usage_daily (account_id, day, shard, completed, failed, cancelled, seconds_rendered, credits)
            VALUES (@AccountId, @Day, hashtext(@jobId) & 63, @Completed, @Failed, @Cancelled, @SecondsRendered, @Credits)
            ON CONFLICT (account_id, day, shard) DO UPDATE SET
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
