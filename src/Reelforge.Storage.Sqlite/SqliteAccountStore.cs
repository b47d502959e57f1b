using Dapper;
using Reelforge.Accounts;

namespace Reelforge.Storage.Sqlite;

public sealed class SqliteAccountStore(SqliteDatabase db, TimeProvider time) : IAccountStore
{
    public async Task<Account> EnsureAccountAsync(string name, CancellationToken ct)
    {
        using var connection = db.Open();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await connection.ExecuteAsync(
            "INSERT INTO accounts (id, name, created_at) VALUES (@id, @name, @now) ON CONFLICT (name) DO NOTHING",
            new { id = "acct_" + Guid.CreateVersion7().ToString("N"), name, now });
        var row = await connection.QuerySingleAsync<(string Id, string Name, long CreatedAt)>(
            "SELECT id, name, created_at FROM accounts WHERE name = @name", new { name });
        return new Account(row.Id, row.Name, DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt));
    }

    public async Task<ApiKeyRecord> AddKeyAsync(string accountId, string key, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        using var connection = db.Open();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var hash = ApiKeys.Hash(key);
        await connection.ExecuteAsync("""
            INSERT INTO api_keys (id, account_id, key_hash, display, scopes, created_at)
            VALUES (@id, @accountId, @hash, @display, @scopes, @now) ON CONFLICT (key_hash) DO NOTHING
            """, new { id = "key_" + Guid.CreateVersion7().ToString("N"), accountId, hash, display = ApiKeys.Display(key), scopes = string.Join(',', scopes), now });
        return (await FindAsync(connection, hash, includeRevoked: true))!;
    }

    public async Task<ApiKeyRecord?> FindKeyAsync(string keyHash, CancellationToken ct)
    {
        using var connection = db.Open();
        return await FindAsync(connection, keyHash, includeRevoked: false);
    }

    private static async Task<ApiKeyRecord?> FindAsync(Microsoft.Data.Sqlite.SqliteConnection connection, string hash, bool includeRevoked)
    {
        var row = await connection.QuerySingleOrDefaultAsync<(string Id, string AccountId, string Display, string Scopes, long CreatedAt, long? RevokedAt)>(
            "SELECT id, account_id, display, scopes, created_at, revoked_at FROM api_keys WHERE key_hash = @hash" +
            (includeRevoked ? "" : " AND revoked_at IS NULL"), new { hash });
        return row.Id is null
            ? null
            : new ApiKeyRecord(row.Id, row.AccountId, row.Display, row.Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries),
                DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt), row.RevokedAt is { } r ? DateTimeOffset.FromUnixTimeMilliseconds(r) : null);
    }
}
