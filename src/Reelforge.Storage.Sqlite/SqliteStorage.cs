using System.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Accounts;
using Reelforge.Jobs;
using Reelforge.Storage;
using Reelforge.Webhooks;

namespace Reelforge.Storage.Sqlite;

public static class SqliteStorage
{
    /// <summary>The database file in a data folder (the `sqlite` provider keeps everything in one file there).</summary>
    public static string DatabaseFile(string dataDirectory) => Path.Combine(Path.GetFullPath(dataDirectory), "reelforge.db");

    /// <summary>The SQLite stores on <c>reelforge.db</c> in <paramref name="dataDirectory"/>.</summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, string dataDirectory)
    {
        services.AddSingleton(new SqliteDatabase(DatabaseFile(dataDirectory)));
        services.AddSingleton<IStoreDatabase>(sp => sp.GetRequiredService<SqliteDatabase>());
        services.AddKeyedSingleton<IJobStore>(StorageKeys.Uncached, (sp, _) => new SqliteJobStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAccountStore>(sp => new SqliteAccountStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IWebhookStore>(sp => new SqliteWebhookStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>A Dapper command that passes the caller's cancellation to the database.</summary>
    internal static CommandDefinition Cmd(string sql, object? args, CancellationToken ct, IDbTransaction? tx = null) =>
        new(sql, args, tx, cancellationToken: ct);
}
