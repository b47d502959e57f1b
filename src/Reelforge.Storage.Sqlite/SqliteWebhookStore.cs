using Dapper;
using Reelforge.Jobs;
using Reelforge.Webhooks;
using static Reelforge.Storage.Sqlite.SqliteStorage;

namespace Reelforge.Storage.Sqlite;

/// <summary>Webhook endpoints, secrets and the outbox on the same SQLite file as the jobs.</summary>
public sealed class SqliteWebhookStore(SqliteDatabase db, TimeProvider time) : IWebhookStore
{
    private const string EndpointColumns = "id, account_id, name, url, event_types, secret, created_at, updated_at";
    private const string DeliveryColumns =
        "d.id, d.account_id, d.endpoint_id, d.job_id, d.event_seq, d.event_type, d.event_created_at, d.dialect, d.url, d.payload, " +
        "d.state, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.created_at";

    public async Task<WebhookEndpoint> CreateEndpointAsync(NewWebhookEndpoint endpoint, CancellationToken ct)
    {
        var id = "whe_" + Guid.CreateVersion7().ToString("N");
        using var connection = db.Open();
        await connection.ExecuteAsync(Cmd("""
            INSERT INTO webhook_endpoints (id, account_id, name, url, event_types, secret, created_at, updated_at)
            VALUES (@id, @AccountId, @Name, @Url, @types, @secret, @now, @now)
            """, new { id, endpoint.AccountId, endpoint.Name, endpoint.Url, types = TypesColumn(endpoint.EventTypes), secret = WebhookSigning.NewSecret(), now = Now() }, ct));
        return (await GetEndpointAsync(id, endpoint.AccountId, ct))!;
    }

    public async Task<WebhookEndpoint?> GetEndpointAsync(string id, string accountId, CancellationToken ct)
    {
        using var connection = db.Open();
        var row = await connection.QuerySingleOrDefaultAsync<EndpointRow>(
            Cmd($"SELECT {EndpointColumns} FROM webhook_endpoints WHERE id = @id AND account_id = @accountId", new { id, accountId }, ct));
        return row?.ToEndpoint();
    }

    public async Task<(IReadOnlyList<WebhookEndpoint> Items, bool HasMore)> ListEndpointsAsync(string accountId, string? after, int limit, CancellationToken ct)
    {
        var cursor = after is null ? "" : "AND seq < (SELECT seq FROM webhook_endpoints WHERE id = @after AND account_id = @accountId)";
        using var connection = db.Open();
        var rows = (await connection.QueryAsync<EndpointRow>(
            Cmd($"SELECT {EndpointColumns} FROM webhook_endpoints WHERE account_id = @accountId {cursor} ORDER BY seq DESC LIMIT @take", new { accountId, after, take = limit + 1 }, ct))).ToList();
        return (rows.Take(limit).Select(r => r.ToEndpoint()).ToList(), rows.Count > limit);
    }

    public async Task<WebhookEndpoint?> UpdateEndpointAsync(string id, string accountId, WebhookEndpointChange change, CancellationToken ct)
    {
        using var connection = db.Open();
        await connection.ExecuteAsync(Cmd("""
            UPDATE webhook_endpoints
            SET name = COALESCE(@Name, name), url = COALESCE(@Url, url), event_types = COALESCE(@types, event_types), updated_at = @now
            WHERE id = @id AND account_id = @accountId
            """, new { id, accountId, change.Name, change.Url, types = change.EventTypes is null ? null : TypesColumn(change.EventTypes), now = Now() }, ct));
        return await GetEndpointAsync(id, accountId, ct);
    }

    public async Task<bool> DeleteEndpointAsync(string id, string accountId, CancellationToken ct)
    {
        using var connection = db.Open();
        return await connection.ExecuteAsync(Cmd("DELETE FROM webhook_endpoints WHERE id = @id AND account_id = @accountId", new { id, accountId }, ct)) == 1;
    }

    public async Task<WebhookEndpoint?> RotateSecretAsync(string id, string accountId, DateTimeOffset? keepOldUntil, CancellationToken ct)
    {
        using var connection = db.Open();
        await connection.ExecuteAsync(Cmd("""
            UPDATE webhook_endpoints
            SET previous_secret = CASE WHEN @until IS NULL THEN NULL ELSE secret END, previous_secret_until = @until,
                secret = @secret, updated_at = @now
            WHERE id = @id AND account_id = @accountId
            """, new { id, accountId, until = keepOldUntil?.ToUnixTimeMilliseconds(), secret = WebhookSigning.NewSecret(), now = Now() }, ct));
        return await GetEndpointAsync(id, accountId, ct);
    }

    public async Task<string> AccountSecretAsync(string accountId, bool rotate, CancellationToken ct)
    {
        using var connection = db.Open();
        await connection.ExecuteAsync(Cmd(rotate
            ? "INSERT INTO account_webhook_secrets (account_id, secret, created_at) VALUES (@accountId, @secret, @now) ON CONFLICT (account_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at"
            : "INSERT INTO account_webhook_secrets (account_id, secret, created_at) VALUES (@accountId, @secret, @now) ON CONFLICT (account_id) DO NOTHING", new { accountId, secret = WebhookSigning.NewSecret(), now = Now() }, ct));
        return await connection.ExecuteScalarAsync<string>(Cmd("SELECT secret FROM account_webhook_secrets WHERE account_id = @accountId", new { accountId }, ct)) ?? "";
    }

    public async Task<IReadOnlyList<WebhookDelivery>> ClaimDueAsync(int max, DateTimeOffset holdUntil, IReadOnlyCollection<string> dialects, CancellationToken ct)
    {
        var now = Now();
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        var ids = (await connection.QueryAsync<string>(
            Cmd("UPDATE webhook_deliveries SET held_until = @hold WHERE id IN (" +
            "SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= @now AND (held_until IS NULL OR held_until < @now) AND dialect IN @dialects " +
            "ORDER BY next_attempt_at LIMIT @max) RETURNING id", new { hold = holdUntil.ToUnixTimeMilliseconds(), now, max, dialects }, ct, tx))).ToList();
        // Deliveries to a video's own URL are signed with the account's secret, made on first use.
        foreach (var account in await connection.QueryAsync<string>(Cmd("""
            SELECT DISTINCT d.account_id FROM webhook_deliveries d LEFT JOIN account_webhook_secrets s ON s.account_id = d.account_id
            WHERE d.id IN @ids AND d.endpoint_id IS NULL AND s.account_id IS NULL
            """, new { ids }, ct, tx)))
        {
            await connection.ExecuteAsync(Cmd("INSERT INTO account_webhook_secrets (account_id, secret, created_at) VALUES (@account, @secret, @now)", new { account, secret = WebhookSigning.NewSecret(), now }, ct, tx));
        }
        var rows = (await connection.QueryAsync<DeliveryRow>(Cmd($"""
            SELECT {DeliveryColumns},
                   COALESCE(w.secret, s.secret) AS secret,
                   CASE WHEN w.previous_secret_until > @now THEN w.previous_secret END AS previous_secret,
                   (d.endpoint_id IS NOT NULL AND w.id IS NULL) AS endpoint_gone
            FROM webhook_deliveries d
            LEFT JOIN webhook_endpoints w ON w.id = d.endpoint_id
            LEFT JOIN account_webhook_secrets s ON s.account_id = d.account_id
            WHERE d.id IN @ids ORDER BY d.next_attempt_at
            """, new { ids, now }, ct, tx))).ToList();
        // An endpoint deleted since the event was queued takes its deliveries with it.
        await connection.ExecuteAsync(
            Cmd("UPDATE webhook_deliveries SET state = 'failed', next_attempt_at = NULL, last_error = 'The endpoint was deleted.', updated_at = @now WHERE id IN @gone", new { gone = rows.Where(r => r.EndpointGone).Select(r => r.Id).ToList(), now }, ct, tx));
        tx.Commit();
        return rows.Where(r => !r.EndpointGone).Select(r => r.ToDelivery()).ToList();
    }

    public async Task<DateTimeOffset?> NextDueAsync(IReadOnlyCollection<string> dialects, CancellationToken ct)
    {
        using var connection = db.Open();
        var ms = await connection.ExecuteScalarAsync<long?>(
            Cmd("SELECT MIN(MAX(next_attempt_at, COALESCE(held_until, 0))) FROM webhook_deliveries WHERE state = 'pending' AND dialect IN @dialects", new { dialects }, ct));
        return ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
    }

    public async Task RecordAttemptAsync(AttemptResult result, CancellationToken ct)
    {
        var now = Now();
        using var connection = db.Open();
        using var tx = connection.BeginTransaction();
        var attempt = await connection.ExecuteScalarAsync<long?>(Cmd("""
            UPDATE webhook_deliveries
            SET attempts = attempts + @counts, payload = COALESCE(payload, @Payload), state = @state, next_attempt_at = @next,
                held_until = NULL, last_status = @StatusCode, last_error = @Error, updated_at = @now
            WHERE id = @DeliveryId AND state = 'pending'
            RETURNING attempts
            """, new
            {
                result.DeliveryId, result.Payload, result.StatusCode, result.Error, now,
                counts = result.Payload is null ? 0 : 1,
                state = result.State.ToString().ToLowerInvariant(),
                next = result.NextAttemptAt?.ToUnixTimeMilliseconds(),
            }, ct, tx));
        if (attempt is { } n && result.Payload is not null)
        {
            await connection.ExecuteAsync(Cmd("""
                INSERT INTO webhook_attempts (delivery_id, attempt, status_code, error, latency_ms, attempted_at)
                VALUES (@DeliveryId, @n, @StatusCode, @Error, @LatencyMilliseconds, @now)
                """, new { result.DeliveryId, n, result.StatusCode, result.Error, result.LatencyMilliseconds, now }, ct, tx));
        }
        tx.Commit();
    }

    public async Task<DeliveryPage> ListDeliveriesAsync(string accountId, string? jobId, string? after, int limit, CancellationToken ct)
    {
        var filter = (jobId is null ? "" : " AND d.job_id = @jobId") +
            (after is null ? "" : " AND d.seq < (SELECT seq FROM webhook_deliveries WHERE id = @after AND account_id = @accountId)");
        using var connection = db.Open();
        var rows = (await connection.QueryAsync<DeliveryRow>(
            Cmd($"SELECT {DeliveryColumns} FROM webhook_deliveries d WHERE d.account_id = @accountId{filter} ORDER BY d.seq DESC LIMIT @take", new { accountId, jobId, after, take = limit + 1 }, ct))).ToList();
        var page = rows.Take(limit).ToList();
        var attempts = (await connection.QueryAsync<(string DeliveryId, long Attempt, long? StatusCode, string? Error, long LatencyMs, long AttemptedAt)>(
            Cmd("SELECT delivery_id, attempt, status_code, error, latency_ms, attempted_at FROM webhook_attempts WHERE delivery_id IN @ids ORDER BY attempt", new { ids = page.Select(r => r.Id).ToList() }, ct))).ToLookup(a => a.DeliveryId);
        return new DeliveryPage(page.Select(r => r.ToDelivery() with
        {
            History = attempts[r.Id].Select(a => new DeliveryAttempt((int)a.Attempt, (int?)a.StatusCode, a.Error, (int)a.LatencyMs,
                DateTimeOffset.FromUnixTimeMilliseconds(a.AttemptedAt))).ToList(),
        }).ToList(), rows.Count > limit);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string TypesColumn(IEnumerable<string> types) => "," + string.Join(',', types) + ",";
}
