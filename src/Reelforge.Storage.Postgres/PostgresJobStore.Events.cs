using Dapper;
using Npgsql;
using Reelforge.Accounts;
using Reelforge.Jobs;
using Reelforge.Webhooks;
using static Reelforge.Storage.Postgres.PostgresStorage;

namespace Reelforge.Storage.Postgres;

public sealed partial class PostgresJobStore
{
    // "Reelfevt": shared by each transaction that appends events, from before its first seq is drawn
    // to its commit; taken alone, for one statement, by a reader that needs every seq below what it
    // reads to be final (InOrder).
    private const long EventsLock = 0x5265656c66657674;

    /// <summary>An event to append: its job, its type, and a message for `note` events.</summary>
    private readonly record struct NewEvent(string JobId, string Type, string? Message = null);

    /// <summary>
    /// Appends an event describing the job as it is now (call after the update, in its transaction),
    /// queues the webhook deliveries it causes (<see cref="DeliveryFanOut"/>) and, when it ends the
    /// job, settles its credits (<see cref="CreditSettlement"/>), all in the same transaction: a crash
    /// loses all of them or none.
    /// </summary>
    private static Task AppendEventAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string jobId, string type, long now, CancellationToken ct, string? message = null) =>
        AppendEventsAsync(connection, tx, [new NewEvent(jobId, type, message)], now, ct);

    /// <summary>
    /// <see cref="AppendEventAsync"/> for several jobs at once, in the order given. One round trip
    /// appends them all and reads what their fan-out needs; deliveries and settlements take one
    /// more each, only when there are any.
    /// </summary>
    private static async Task AppendEventsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<NewEvent> events, long now, CancellationToken ct)
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
        var args = new
        {
            EventsLock, Channel = PostgresJobNotifications.Channel, now,
            JobIds = events.Select(e => e.JobId).ToArray(), Types = events.Select(e => e.Type).ToArray(), Messages = events.Select(e => e.Message).ToArray(),
        };
        List<AppendedEvent> appended;
        await using (var batch = await connection.QueryMultipleAsync(Cmd("""
            SELECT pg_advisory_xact_lock_shared(@EventsLock);
            SELECT pg_notify(@Channel, id || ' ' || type) FROM unnest(@JobIds, @Types) AS n(id, type);
            WITH appended AS (
              INSERT INTO job_events (job_id, type, stage, progress, created_at, message)
              SELECT j.id, given.type, j.stage, j.progress, @now, given.message
              FROM unnest(@JobIds, @Types, @Messages) WITH ORDINALITY AS given(id, type, message, place) JOIN jobs j ON j.id = given.id
              ORDER BY given.place
              RETURNING seq, job_id, type)
            SELECT a.seq, a.type, j.id AS job_id, j.account_id, j.dialect, j.webhook_url, j.stage,
                   COALESCE(e.ids, '{}') AS endpoint_ids, COALESCE(e.urls, '{}') AS endpoint_urls, COALESCE(e.events, '{}') AS endpoint_events
            FROM appended a JOIN jobs j ON j.id = a.job_id
            LEFT JOIN LATERAL (
              SELECT array_agg(w.id ORDER BY w.seq) AS ids, array_agg(w.url ORDER BY w.seq) AS urls, array_agg(w.event_types ORDER BY w.seq) AS events
              FROM webhook_endpoints w WHERE w.account_id = j.account_id) e ON true
            ORDER BY a.seq
            """, args, ct, tx)))
        {
            await batch.ReadAsync();
            await batch.ReadAsync();
            appended = (await batch.ReadAsync<AppendedEvent>()).ToList();
        }

        var deliveries = appended.SelectMany(e => DeliveryFanOut.Plan(e.Type, JobStages.Parse(e.Stage), new FanOutJob(e.AccountId, e.Dialect, e.WebhookUrl),
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
        var ended = appended.Where(e => JobStages.Parse(e.Stage).IsTerminal()).Select(e => e.JobId).Distinct(StringComparer.Ordinal).ToArray();
        if (ended.Length > 0)
        {
            await SettleAsync(connection, tx, ended, now, ct);
        }
    }

    private sealed class AppendedEvent
    {
        public long Seq { get; init; }
        public string Type { get; init; } = "";
        public string JobId { get; init; } = "";
        public string AccountId { get; init; } = "";
        public string Dialect { get; init; } = "";
        public string? WebhookUrl { get; init; }
        public string Stage { get; init; } = "";
        public string[] EndpointIds { get; init; } = [];
        public string[] EndpointUrls { get; init; } = [];
        public string[] EndpointEvents { get; init; } = [];
    }

    /// <summary>
    /// Once a job ends it is settled, once: the flag is taken first, so a second ending event finds
    /// nothing to settle. Rows shared between jobs (an account's balance, a usage row) are written
    /// in key order, so two processes settling at once never deadlock.
    /// </summary>
    private static async Task SettleAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string[] jobIds, long now, CancellationToken ct)
    {
        var jobs = (await connection.QueryAsync<(string Id, string AccountId, string Stage, long Reserved, long? Charged, double? Seconds)>(Cmd("""
            UPDATE jobs SET credits_settled = true
            WHERE id = ANY(@jobIds) AND stage IN ('completed', 'failed', 'cancelled') AND credits_settled = false
            RETURNING id, account_id, stage, credits_reserved, credits_charged, rendered_seconds
            """, new { jobIds }, ct, tx))).ToList();
        if (jobs.Count == 0)
        {
            return;
        }
        var at = DateTimeOffset.FromUnixTimeMilliseconds(now);
        var settled = jobs.Select(j => (Job: j, Settled: CreditSettlement.Settle(JobStages.Parse(j.Stage), j.Reserved, j.Charged, j.Seconds, at))).ToList();
        // Nothing to give back (the usual case) leaves the account's row alone: endings of one
        // paying account then do not wait for each other's commits.
        await connection.ExecuteAsync(Cmd("""
            UPDATE jobs SET credits_charged = s.charged FROM unnest(@Ids, @Charged) AS s(id, charged) WHERE jobs.id = s.id;
            UPDATE accounts SET credits = credits + r.refund
            FROM (SELECT account_id, SUM(refund) AS refund FROM unnest(@AccountIds, @Refunds) AS s(account_id, refund)
                  GROUP BY account_id HAVING SUM(refund) <> 0) r
            WHERE accounts.id = r.account_id AND accounts.credits IS NOT NULL;
            INSERT INTO usage_daily (account_id, day, shard, completed, failed, cancelled, seconds_rendered, credits)
            SELECT account_id, day, hashtext(id) & 63, SUM(completed), SUM(failed), SUM(cancelled), SUM(seconds), SUM(credits)
            FROM unnest(@Ids, @AccountIds, @Days, @Completed, @Failed, @Cancelled, @Seconds, @Credits)
              AS u(id, account_id, day, completed, failed, cancelled, seconds, credits)
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            ON CONFLICT (account_id, day, shard) DO UPDATE SET
              completed = usage_daily.completed + excluded.completed, failed = usage_daily.failed + excluded.failed,
              cancelled = usage_daily.cancelled + excluded.cancelled, seconds_rendered = usage_daily.seconds_rendered + excluded.seconds_rendered,
              credits = usage_daily.credits + excluded.credits;
            """, new
            {
                Ids = settled.Select(s => s.Job.Id).ToArray(),
                AccountIds = settled.Select(s => s.Job.AccountId).ToArray(),
                Charged = settled.Select(s => s.Settled.Charged).ToArray(),
                Refunds = settled.Select(s => s.Settled.Refund).ToArray(),
                Days = settled.Select(s => s.Settled.Usage.Day).ToArray(),
                Completed = settled.Select(s => (long)s.Settled.Usage.Completed).ToArray(),
                Failed = settled.Select(s => (long)s.Settled.Usage.Failed).ToArray(),
                Cancelled = settled.Select(s => (long)s.Settled.Usage.Cancelled).ToArray(),
                Seconds = settled.Select(s => s.Settled.Usage.SecondsRendered).ToArray(),
                Credits = settled.Select(s => s.Settled.Usage.Credits).ToArray(),
            }, ct, tx));
    }
}
