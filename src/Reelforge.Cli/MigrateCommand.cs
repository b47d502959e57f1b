using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Server.Hosting;
using Reelforge.Storage;

namespace Reelforge.Cli;

/// <summary>`reelforge migrate`: brings the configured database's schema up to date and exits.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var command = new Command("migrate", "Apply the database migrations (Storage:Provider, Storage:ConnectionString) and exit.") { data };
        command.SetAction((parse, ct) => RefusingBadStorageAsync(async () =>
        {
            await using var storage = await OpenStorageAsync(parse.GetValue(data), ct);
            Console.WriteLine($"migrated ({storage.GetRequiredService<IStoreDatabase>().Provider})");
            return 0;
        }));
        return command;
    }

    /// <summary>Runs a command that opens the stores: a storage setting that cannot be used is a message and exit code 2.</summary>
    public static async Task<int> RefusingBadStorageAsync(Func<Task<int>> command)
    {
        try
        {
            return await command();
        }
        catch (StorageNotConfiguredException ex)
        {
            await Console.Error.WriteLineAsync("reelforge: " + ex.Message);
            return 2;
        }
    }

    /// <summary>
    /// The configured stores for a command that runs without a host (`keys`, `migrate`): the same
    /// configuration sources as `serve`, the schema brought up to date first.
    /// </summary>
    public static async Task<ServiceProvider> OpenStorageAsync(string? data, CancellationToken ct)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(CommonOptions.ContentRoot)
            .AddJsonFile("appsettings.json", optional: true)
            .AddReelforgeSources(CommonOptions.HostArgs(data))
            .Build();
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddReelforgeStorage(configuration)
            .BuildServiceProvider();
        await services.GetRequiredService<IStoreDatabase>().MigrateAsync(ct);
        return services;
    }
}
