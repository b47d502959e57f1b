using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Prometheus;
using Reelforge.Jobs;

namespace Reelforge.Server.Metrics;

/// <summary>
/// `/metrics` in Prometheus' text format: the engine's meter (jobs, renders, FFmpeg, webhooks),
/// server-sent event connections, jobs by stage (counted in the store at each scrape), HTTP
/// requests (prometheus-net's middleware) and the process (CPU, memory, GC, threads). Each host
/// has its own registry.
/// </summary>
public static class MetricsRegistration
{
    public static IServiceCollection AddReelforgeMetrics(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section);
        services.AddSingleton<SseMetrics>();
        services.AddSingleton(sp =>
        {
            var registry = Prometheus.Metrics.NewCustomRegistry();
            DotNetStats.Register(registry);
            var stages = Prometheus.Metrics.WithCustomRegistry(registry).CreateGauge("reelforge_jobs", "Jobs in each stage now (every process's, read from the store).", "stage");
            var store = sp.GetRequiredService<IJobStore>();
            registry.AddBeforeCollectCallback(async ct =>
            {
                var counts = await store.CountByStageAsync(ct);
                foreach (var stage in Enum.GetValues<JobStage>())
                {
                    stages.WithLabels(stage.ToWire()).Set(counts.GetValueOrDefault(stage));
                }
            });
            return registry;
        });
        services.AddSingleton(sp => new PrometheusBridge(sp.GetRequiredService<IMeterFactory>(), sp.GetRequiredService<CollectorRegistry>()));
        services.AddHostedService<SeparateMetricsPort>();
        return services;
    }

    /// <summary>Measures HTTP requests; call after routing, so requests carry their route.</summary>
    public static IApplicationBuilder UseReelforgeHttpMetrics(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (options.Enabled)
        {
            // Resolved now: the bridge listens from start-up, not from the first scrape.
            app.ApplicationServices.GetRequiredService<PrometheusBridge>();
            var registry = app.ApplicationServices.GetRequiredService<CollectorRegistry>();
            app.UseHttpMetrics(o => o.SetMetricFactory(Prometheus.Metrics.WithCustomRegistry(registry)));
        }
        return app;
    }

    /// <summary>`/metrics` on the main port, unless it is off or has its own (`Metrics:Urls`).</summary>
    public static IEndpointRouteBuilder MapReelforgeMetrics(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (options.Enabled && string.IsNullOrWhiteSpace(options.Urls))
        {
            app.MapMetrics("/metrics", app.ServiceProvider.GetRequiredService<CollectorRegistry>());
        }
        return app;
    }

    /// <summary>Counts the request as an open event stream while it runs (an endpoint filter on the SSE routes).</summary>
    public static TBuilder CountsAsEventStream<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var sse = context.HttpContext.RequestServices.GetRequiredService<SseMetrics>();
            sse.Opened();
            try
            {
                return await next(context);
            }
            finally
            {
                sse.Closed();
            }
        });

    /// <summary>
    /// `Metrics:Urls`: `/metrics` on a listener of its own (prometheus-net's Kestrel metric server,
    /// which answers nothing else). Needs no web host, so `reelforge worker` serves its metrics this way.
    /// </summary>
    private sealed class SeparateMetricsPort(IOptions<MetricsOptions> options, IServiceProvider services) : IHostedService
    {
        private KestrelMetricServer? _server;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            var o = options.Value;
            if (o.Enabled && !string.IsNullOrWhiteSpace(o.Urls))
            {
                var uri = new Uri(o.Urls.Split(';')[0].Trim());
                services.GetRequiredService<PrometheusBridge>();
                var host = uri.Host is "0.0.0.0" or "*" or "+" or "[::]" ? "+" : uri.Host;
                _server = new KestrelMetricServer(host, uri.Port, "/metrics", services.GetRequiredService<CollectorRegistry>());
                _server.Start();
            }
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (_server is not null)
            {
                await _server.StopAsync();
            }
        }
    }
}

/// <summary>Open server-sent event streams, as the `reelforge.sse.connections` instrument.</summary>
public sealed class SseMetrics(IMeterFactory meters)
{
    private readonly UpDownCounter<long> _open = meters.Create(Engine.EngineMetrics.MeterName)
        .CreateUpDownCounter<long>("reelforge.sse.connections", description: "Server-sent event streams open now.");

    public void Opened() => _open.Add(1);

    public void Closed() => _open.Add(-1);
}
