using System.Reflection;
using Dapper;
using Npgsql;

namespace Reelforge.Storage.Postgres;

/// <summary>A pool of connections to one PostgreSQL database, and its numbered migrations.</summary>
public sealed class PostgresDatabase : IStoreDatabase, IAsyncDisposable
{
    // "Reelfmig": the session lock every starting process waits on before migrating.
    private const long MigrationLock = 0x5265656c666d6967;
    private readonly NpgsqlDataSource _source;

    static PostgresDatabase() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public PostgresDatabase(string connectionString) => _source = NpgsqlDataSource.Create(Tuned(connectionString));

    /// <summary>
    /// Defaults for a queue's many short statements, unless the connection string sets them: no
    /// `DISCARD ALL` round trip each time a connection goes back to the pool (the stores keep no
    /// session state there; the migration lock is released explicitly), and the statements prepared
    /// once per connection instead of parsed and planned on every call.
    /// </summary>
    internal static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = connectionString.ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        if (!given.Contains("noresetonclose", StringComparison.Ordinal))
        {
            builder.NoResetOnClose = true;
        }
        if (!given.Contains("maxautoprepare", StringComparison.Ordinal))
        {
            builder.MaxAutoPrepare = 64;
        }
        return builder.ConnectionString;
    }

    public string Provider => StorageOptions.Postgres;

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken ct) => _source.OpenConnectionAsync(ct);

    /// <summary>
    /// Applies what is missing, each migration in its own transaction, while holding an advisory
    /// lock: processes that start at once wait their turn and find the work done.
    /// </summary>
    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@MigrationLock)", new { MigrationLock }, cancellationToken: ct));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint PRIMARY KEY, name text NOT NULL)", cancellationToken: ct));
            var applied = (await connection.QueryAsync<long>(new CommandDefinition("SELECT version FROM schema_migrations", cancellationToken: ct))).ToHashSet();
            foreach (var (version, name, sql) in Migrations.Embedded(Assembly.GetExecutingAssembly()).Where(m => !applied.Contains(m.Version)))
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name) VALUES (@version, @name)", new { version, name }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
            }
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@MigrationLock)", new { MigrationLock }, cancellationToken: CancellationToken.None));
        }
    }

    public async Task<bool> CanConnectAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: ct)) == 1;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
