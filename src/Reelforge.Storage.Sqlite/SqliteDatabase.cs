using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Reelforge.Storage.Sqlite;

/// <summary>Opens connections to one SQLite file in WAL mode and applies the numbered migrations.</summary>
public sealed class SqliteDatabase : IStoreDatabase
{
    private readonly string _connectionString;

    static SqliteDatabase() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public SqliteDatabase(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Provider => StorageOptions.Sqlite;

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Creates or upgrades the schema (see <see cref="MigrateAsync"/>).</summary>
    public void Migrate() => MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// Creates or upgrades the schema. Each migration runs in its own write transaction (IMMEDIATE:
    /// the single writer), which reads what is applied first, so processes starting at once apply each once.
    /// </summary>
    public async Task MigrateAsync(CancellationToken ct)
    {
        using var connection = Open();
        // WAL: readers never block the single writer. NORMAL sync is safe in WAL (a power cut may lose
        // the last commits, never corrupt the file).
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)", cancellationToken: ct));
        foreach (var (version, name, sql) in Migrations.Embedded(Assembly.GetExecutingAssembly()))
        {
            using var tx = connection.BeginTransaction();
            if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT version FROM schema_migrations WHERE version = @version", new { version }, tx, cancellationToken: ct)) is null)
            {
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name) VALUES (@version, @name)", new { version, name }, tx, cancellationToken: ct));
            }
            tx.Commit();
        }
    }

    public async Task<bool> CanConnectAsync(CancellationToken ct)
    {
        try
        {
            using var connection = Open();
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: ct)) == 1;
        }
        catch (SqliteException)
        {
            return false;
        }
    }
}
