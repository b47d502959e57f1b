using Dapper;
using Microsoft.Data.Sqlite;
using Reelforge.Accounts;
using static Reelforge.Storage.Sqlite.SqliteStorage;

namespace Reelforge.Storage.Sqlite;

public sealed class SqliteAccountStore(SqliteDatabase db, TimeProvider time) : IAccountStore
{
    public async Task<Account> EnsureAccountAsync(string name, CancellationToken ct)
    {
        using var connection = db.Open();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await connection.ExecuteAsync(Cmd(
            "INSERT INTO accounts (id, name, created_at) VALUES (@id, @name, @now) ON CONFLICT (name) DO NOTHING",
            new { id = "acct_" + Guid.CreateVersion7().ToString("N"), name, now }, ct));
        return (await GetAccountAsync(name, ct))!;
    }

    public async Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken ct)
    {
        using var connection = db.Open();
        return (await connection.QueryAsync<AccountRow>(Cmd("SELECT id, name, created_at, credits FROM accounts ORDER BY created_at", null, ct)))
            .Select(r => r.ToAccount()).ToList();
    }

    public async Task<Account?> GetAccountAsync(string idOrName, CancellationToken ct)
    {
        using var connection = db.Open();
        return (await connection.QuerySingleOrDefaultAsync<AccountRow>(Cmd(
            "SELECT id, name, created_at, credits FROM accounts WHERE id = @idOrName OR name = @idOrName", new { idOrName }, ct)))?.ToAccount();
    }

    public async Task<Account?> SetCreditsAsync(string accountId, decimal? credits, bool add, CancellationToken ct)
    {
        using var connection = db.Open();
        var milli = credits is { } c ? Credits.ToMilli(c) : (long?)null;
        await connection.ExecuteAsync(Cmd(add
            ? "UPDATE accounts SET credits = COALESCE(credits, 0) + @milli WHERE id = @accountId"
            : "UPDATE accounts SET credits = @milli WHERE id = @accountId", new { accountId, milli }, ct));
        return await GetAccountAsync(accountId, ct);
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(string? accountId, CancellationToken ct)
    {
        using var connection = db.Open();
        var rows = await connection.QueryAsync<KeyRow>(Cmd(
            "SELECT id, account_id, display, scopes, created_at, revoked_at, last_used_at FROM api_keys" +
            (accountId is null ? "" : " WHERE account_id = @accountId") + " ORDER BY created_at DESC", new { accountId }, ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<string?> RevokeKeyAsync(string keyId, CancellationToken ct)
    {
        using var connection = db.Open();
        return await connection.ExecuteScalarAsync<string?>(Cmd(
            "UPDATE api_keys SET revoked_at = @now WHERE id = @keyId AND revoked_at IS NULL RETURNING key_hash",
            new { keyId, now = time.GetUtcNow().ToUnixTimeMilliseconds() }, ct));
    }

    public async Task TouchKeyAsync(string keyId, CancellationToken ct)
    {
        using var connection = db.Open();
        await connection.ExecuteAsync(Cmd("UPDATE api_keys SET last_used_at = @now WHERE id = @keyId",
            new { keyId, now = time.GetUtcNow().ToUnixTimeMilliseconds() }, ct));
    }

    public async Task<ApiKeyRecord> AddKeyAsync(string accountId, string key, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        using var connection = db.Open();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var hash = ApiKeys.Hash(key);
        await connection.ExecuteAsync(Cmd("""
            INSERT INTO api_keys (id, account_id, key_hash, display, scopes, created_at)
            VALUES (@id, @accountId, @hash, @display, @scopes, @now) ON CONFLICT (key_hash) DO NOTHING
            """, new { id = "key_" + Guid.CreateVersion7().ToString("N"), accountId, hash, display = ApiKeys.Display(key), scopes = string.Join(',', scopes), now }, ct));
        return (await FindAsync(connection, hash, includeRevoked: true, ct))!;
    }

    public async Task<ApiKeyRecord?> FindKeyAsync(string keyHash, CancellationToken ct)
    {
        using var connection = db.Open();
        return await FindAsync(connection, keyHash, includeRevoked: false, ct);
    }

    private static async Task<ApiKeyRecord?> FindAsync(SqliteConnection connection, string hash, bool includeRevoked, CancellationToken ct) =>
        (await connection.QuerySingleOrDefaultAsync<KeyRow>(Cmd(
            "SELECT id, account_id, display, scopes, created_at, revoked_at, last_used_at FROM api_keys WHERE key_hash = @hash" +
            (includeRevoked ? "" : " AND revoked_at IS NULL"), new { hash }, ct)))?.ToRecord();
}
