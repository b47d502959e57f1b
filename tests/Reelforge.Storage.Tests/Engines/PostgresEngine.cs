using Dapper;
using Npgsql;
using Reelforge.Accounts;
using Reelforge.Jobs;
using Reelforge.Storage.Postgres;
using Reelforge.Webhooks;

namespace Reelforge.Storage.Tests.Engines;

/// <summary>A fresh database on the test cluster (<see cref="PostgresCluster"/>), dropped at the end.</summary>
public sealed class PostgresEngine(PostgresCluster cluster, string connectionString, string name) : IStoreEngine
{
    private readonly List<PostgresDatabase> _opened = [];

    public string ConnectionString => connectionString;

    public static async Task<PostgresEngine> CreateAsync(PostgresCluster cluster, CancellationToken ct)
    {
        var (connectionString, name) = await cluster.CreateDatabaseAsync(ct);
        return new PostgresEngine(cluster, connectionString, name);
    }

    public IStoreDatabase Connect()
    {
        var db = new PostgresDatabase(connectionString);
        lock (_opened)
        {
            _opened.Add(db);
        }
        return db;
    }

    public IJobStore JobStore(IStoreDatabase db, TimeProvider time) => new PostgresJobStore((PostgresDatabase)db, time);
    public IAccountStore AccountStore(IStoreDatabase db, TimeProvider time) => new PostgresAccountStore((PostgresDatabase)db, time);
    public IWebhookStore WebhookStore(IStoreDatabase db, TimeProvider time) => new PostgresWebhookStore((PostgresDatabase)db, time);

    public async Task<long> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, cancellationToken: ct));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var db in _opened)
        {
            await db.DisposeAsync();
        }
        await cluster.DropDatabaseAsync(name);
    }
}
