using Dapper;
using Microsoft.Data.Sqlite;
using Reelforge.Accounts;
using Reelforge.Jobs;
using Reelforge.Storage.Sqlite;
using Reelforge.Webhooks;

namespace Reelforge.Storage.Tests.Engines;

/// <summary>A fresh SQLite file in a temp folder, deleted at the end.</summary>
public sealed class SqliteEngine : IStoreEngine
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rf-store-" + Guid.NewGuid().ToString("N"));
    private string File => SqliteStorage.DatabaseFile(_dir);

    public IStoreDatabase Connect() => new SqliteDatabase(File);
    public IJobStore JobStore(IStoreDatabase db, TimeProvider time) => new SqliteJobStore((SqliteDatabase)db, time);
    public IAccountStore AccountStore(IStoreDatabase db, TimeProvider time) => new SqliteAccountStore((SqliteDatabase)db, time);
    public IWebhookStore WebhookStore(IStoreDatabase db, TimeProvider time) => new SqliteWebhookStore((SqliteDatabase)db, time);

    public async Task<long> ScalarAsync(string sql, CancellationToken ct)
    {
        using var connection = ((SqliteDatabase)Connect()).Open();
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, cancellationToken: ct));
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
        return ValueTask.CompletedTask;
    }
}
