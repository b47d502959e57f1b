using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Jobs;
using Reelforge.Webhooks;

namespace Reelforge.Server.Compat;

/// <summary>
/// Every <see cref="Dialect"/> in this assembly, registered and mapped by one call each from the
/// host. Found by type, so a new folder under `Compat/` with a `Dialect` subclass is all it takes.
/// </summary>
public static class Dialects
{
    public static readonly IReadOnlyList<Dialect> All = typeof(Dialect).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(Dialect)) && !t.IsAbstract)
        .Select(t => (Dialect)Activator.CreateInstance(t)!)
        .OrderBy(d => d.Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>Each dialect's services and its webhook body.</summary>
    public static IServiceCollection AddDialects(this IServiceCollection services)
    {
        foreach (var dialect in All)
        {
            dialect.AddServices(services);
            if (dialect.WebhookBody is { } body)
            {
                services.AddSingleton<IWebhookBody>(sp => new StatusBodyWebhook(dialect.Name, body, sp));
            }
        }
        return services;
    }

    /// <summary>Each dialect's routes under its prefix, and its 404 for the rest of the prefix.</summary>
    public static IEndpointRouteBuilder MapDialects(this IEndpointRouteBuilder app)
    {
        foreach (var dialect in All)
        {
            dialect.Map(app);
        }
        return app;
    }

    /// <summary>The dialect whose route this request matched; null on the native API.</summary>
    public static Dialect? Of(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<Dialect>();

    /// <summary>The name a job made by this request is stored with: its dialect's, or the native one.</summary>
    public static string NameOf(HttpContext http) => Of(http)?.Name ?? NativeDialect.Name;
}
