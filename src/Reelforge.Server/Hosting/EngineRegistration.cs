using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelforge.Accounts;
using Reelforge.Blobs;
using Reelforge.Engine;
using Reelforge.Jobs;
using Reelforge.Pipeline;
using Reelforge.Planning;
using Reelforge.Rendering;
using Reelforge.Rendering.Assets;
using Reelforge.Rendering.Ffmpeg;
using Reelforge.Storage;
using Reelforge.Storage.S3;
using Reelforge.Webhooks;

namespace Reelforge.Server.Hosting;

/// <summary>Everything but HTTP: stores, engine, workers, renderer. Shared by `serve` and `worker`.</summary>
public static class EngineRegistration
{
    /// <summary>The data folder: `DataDirectory` (REELFORGE_DATA, --data), default `./data`.</summary>
    public static string DataDirectory(IConfiguration configuration) => configuration["DataDirectory"] is { Length: > 0 } dir ? dir : "data";

    public static IServiceCollection AddReelforgeEngine(this IServiceCollection services, IConfiguration configuration, bool runWorkers = true)
    {
        services.AddOptions<WorkersOptions>().BindConfiguration(WorkersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RenderOptions>().BindConfiguration(RenderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AssetOptions>().BindConfiguration(AssetOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CreditsOptions>().BindConfiguration(CreditsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FilesOptions>().BindConfiguration(FilesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhooksOptions>().BindConfiguration(WebhooksOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PlannerOptions>().BindConfiguration(PlannerOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new DataPaths(DataDirectory(configuration)));
        services.AddReelforgeStorage(configuration);
        // A database that announces changes (PostgreSQL) is listened to in every process, workers
        // only included: it wakes idle workers the moment another node submits. (`serve` registers
        // the tail in any case, for its followers; registering it twice is a no-op.)
        if (services.Any(d => d.ServiceType == typeof(IJobNotifications)))
        {
            services.AddHostedService<JobEventTail>();
        }
        services.AddSingleton<JobChanges>();
        services.AddSingleton<IJobStore>(sp => new CachedJobReads(sp.GetRequiredKeyedService<IJobStore>(StorageKeys.Uncached), sp.GetRequiredService<TimeProvider>(),
            TimeSpan.FromMilliseconds(sp.GetRequiredService<IOptions<WorkersOptions>>().Value.ReadCacheMilliseconds), sp.GetRequiredService<JobChanges>()));
        services.AddSingleton<IWebhookBody, OpenAiEventBody>();
        AddBlobs(services, configuration);

        // The engine's instruments; `serve` exports them at /metrics (Server/Metrics).
        services.AddMetrics();
        services.AddSingleton<EngineMetrics>();
        services.AddSingleton<JobSignal>();
        services.AddSingleton<RunningJobs>();
        services.AddSingleton<JobEngine>();

        services.AddSingleton<FfmpegRunner>();
        services.AddSingleton<Ffprobe>();
        // The workers' jobs encode at once: each encoder gets its share of the cores.
        services.AddSingleton<IVideoRenderer>(sp => new FfmpegVideoRenderer(sp.GetRequiredService<FfmpegRunner>(), sp.GetRequiredService<Ffprobe>(),
            Options.Create(sp.GetRequiredService<IOptions<RenderOptions>>().Value.ForConcurrentRuns(sp.GetRequiredService<IOptions<WorkersOptions>>().Value.Concurrency))));
        services.AddSingleton<GuardedAssetFetcher>();
        services.AddSingleton<IAssetFetcher>(sp => sp.GetRequiredService<GuardedAssetFetcher>());
        services.AddReelforgeProviders(configuration);
        services.AddSingleton<IJobHandler, VideoJobHandler>();
        services.AddSingleton<Providers.ProviderPlanning>();
        // Read once, when first resolved (the first video planned), not at start: test servers and
        // `serve` without workers never pay for it.
        services.AddSingleton(sp => PlannerIcons.Create(sp.GetRequiredService<IOptions<PlannerOptions>>().Value, sp.GetRequiredService<ILogger<PlannerIcons>>()));
        services.AddSingleton<Readiness>();

        if (runWorkers)
        {
            services.AddHostedService<JobWorker>();
            services.AddHostedService<JobRescuer>();
            services.AddHostedService<WebhookDispatcher>();
            services.AddHostedService<RetentionSweeper>();
            services.AddHostedService<OrphanSweeper>();
            services.AddHostedService<Rendering.IdleMemoryTrim>();
        }
        return services;
    }

    /// <summary>`Blobs:Provider`: `local` (the data folder's `blobs/`, the default) or `s3` (`Blobs:S3`, any S3-compatible bucket).</summary>
    private static void AddBlobs(IServiceCollection services, IConfiguration configuration)
    {
        switch (configuration["Blobs:Provider"]?.Trim().ToLowerInvariant())
        {
            case null or "" or "local":
                services.AddSingleton<IBlobStore>(sp => new LocalBlobStore(sp.GetRequiredService<DataPaths>().Blobs));
                break;
            case "s3":
                services.AddS3Blobs(configuration);
                break;
            default:
                throw new InvalidOperationException($"Blobs:Provider must be 'local' or 's3', not '{configuration["Blobs:Provider"]}'.");
        }
    }

    /// <summary>
    /// Before anything runs: the schema is current, FFmpeg has what rendering needs (or start is
    /// refused with a message saying what is missing), and the development key exists.
    /// </summary>
    public static async Task PrepareAsync(IServiceProvider services, IConfiguration configuration, CancellationToken ct)
    {
        await services.GetRequiredService<IStoreDatabase>().MigrateAsync(ct);
        var readiness = services.GetRequiredService<Readiness>();
        var missing = await FfmpegCapabilities.FindMissingAsync(services.GetRequiredService<IOptions<RenderOptions>>().Value.FfmpegPath, ct);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException("FFmpeg cannot render Reelforge's videos; missing: " + string.Join(", ", missing) + ".");
        }
        readiness.FfmpegChecked = true;
        if (configuration["Auth:DevelopmentKey"] is { Length: > 0 } key)
        {
            var accounts = services.GetRequiredService<IAccountStore>();
            var account = await accounts.EnsureAccountAsync("default", ct);
            await accounts.AddKeyAsync(account.Id, key, Scopes.All, ct);
        }
    }
}

/// <summary>What /readyz reports beyond the database.</summary>
public sealed class Readiness
{
    public bool FfmpegChecked { get; set; }
}
