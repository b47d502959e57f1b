using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Accounts;
using Reelforge.Jobs;
using Reelforge.Storage;
using Reelforge.Storage.Postgres;
using Reelforge.Storage.Sqlite;
using Reelforge.Webhooks;

namespace Reelforge.Server.Hosting;

/// <summary>
/// Picks the stores by `Storage:Provider` (`sqlite`, the default, or `postgres` with
/// `Storage:ConnectionString`); each store project registers its own types.
/// </summary>
public static class StorageRegistration
{
    public static IServiceCollection AddReelforgeStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        switch (options.Provider.Trim().ToLowerInvariant())
        {
            case StorageOptions.Sqlite:
                return services.AddSqliteStorage(EngineRegistration.DataDirectory(configuration));
            case StorageOptions.Postgres when !string.IsNullOrWhiteSpace(options.ConnectionString):
                return services.AddPostgresStorage(options.ConnectionString);
            case StorageOptions.Postgres:
                return Refuse(services, "Storage:Provider is postgres but Storage:ConnectionString is not set (an Npgsql connection string).");
            default:
                return Refuse(services, $"Storage:Provider '{options.Provider}' is not one of: sqlite, postgres.");
        }
    }

    // Refused when first resolved (PrepareAsync, at start), where the commands turn it into a message and exit code 2.
    private static IServiceCollection Refuse(IServiceCollection services, string message)
    {
        services.AddSingleton<IStoreDatabase>(_ => throw new StorageNotConfiguredException(message));
        services.AddKeyedSingleton<IJobStore>(StorageKeys.Uncached, (_, _) => throw new StorageNotConfiguredException(message));
        services.AddSingleton<IAccountStore>(_ => throw new StorageNotConfiguredException(message));
        services.AddSingleton<IWebhookStore>(_ => throw new StorageNotConfiguredException(message));
        return services;
    }
}

/// <summary>`Storage:Provider` or `Storage:ConnectionString` cannot be used; the message says which and why.</summary>
public sealed class StorageNotConfiguredException(string message) : InvalidOperationException(message);
