using System.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Reelforge.Accounts;
using Reelforge.Engine;
using Reelforge.Jobs;
using Reelforge.Webhooks;

namespace Reelforge.Storage.Postgres;

public static class PostgresStorage
{
    /// <summary>The PostgreSQL stores on the database <paramref name="connectionString"/> (Npgsql's format) names.</summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(new PostgresDatabase(connectionString));
        services.AddSingleton<IStoreDatabase>(sp => sp.GetRequiredService<PostgresDatabase>());
        services.AddKeyedSingleton<IJobStore>(StorageKeys.Uncached, (sp, _) => new PostgresJobStore(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAccountStore>(sp => new PostgresAccountStore(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IWebhookStore>(sp => new PostgresWebhookStore(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IJobNotifications>(new PostgresJobNotifications(connectionString));
        return services;
    }

    /// <summary>A Dapper command that passes the caller's cancellation to the database.</summary>
    internal static CommandDefinition Cmd(string sql, object? args, CancellationToken ct, IDbTransaction? tx = null) =>
        new(sql, args, tx, cancellationToken: ct);

    /// <summary>
    /// Serializes, until the transaction ends, everything that reads then writes one account's
    /// running count or balance (claims under the cap, creates that reserve credits), across every
    /// process. Transactions that take several take them in order, so they never deadlock.
    /// </summary>
    internal static Task LockAccountsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IEnumerable<string> accountIds, CancellationToken ct) =>
        connection.ExecuteAsync(Cmd(
            "SELECT pg_advisory_xact_lock(hashtextextended('reelforge.account:' || a, 0)) FROM unnest(@ids) AS a",
            new { ids = accountIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray() }, ct, tx));
}
