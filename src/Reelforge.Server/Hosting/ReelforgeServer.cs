using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reelforge.Server.Admin;
using Reelforge.Server.Api;
using Reelforge.Server.Auth;
using Reelforge.Server.Compat;
using Reelforge.Server.Dashboard;
using Reelforge.Server.Errors;
using Reelforge.Server.Events;
using Reelforge.Server.Files;
using Reelforge.Server.Health;
using Reelforge.Server.Limits;
using Reelforge.Server.Metrics;
using Reelforge.Server.Templates;
using Reelforge.Server.Webhooks;

namespace Reelforge.Server.Hosting;

/// <summary>Builds the whole server; the CLI's `serve` and the HTTP tests both start it this way.</summary>
public static class ReelforgeServer
{
    public static WebApplicationBuilder CreateBuilder(string[] args, string? contentRoot = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });
        builder.Configuration.AddReelforgeSources(args);
        return builder;
    }

    public static async Task<WebApplication> BuildAsync(WebApplicationBuilder builder, CancellationToken ct = default)
    {
        builder.Services.AddOptions<VideosOptions>().BindConfiguration(VideosOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddReelforgeEngine(builder.Configuration);
        builder.Services.AddSingleton<Files.FileSigningKey>();
        builder.Services.AddSingleton<Files.FileUrls>();
        builder.Services.AddSingleton<VideoViews>();
        builder.Services.AddSingleton<Characters>();
        builder.Services.AddSingleton(sp => new Reelforge.Templates.TemplateLibrary(builder.Configuration["Templates:Directory"] is { Length: > 0 } dir
            ? dir : Path.Combine(sp.GetRequiredService<Engine.DataPaths>().Root, "templates")));
        // Every dialect under Compat/: its services and its webhook body (routes below).
        builder.Services.AddDialects();
        builder.Services.AddHostedService<Engine.JobEventTail>();
        builder.Services.AddReelforgeMetrics();
        builder.Services.AddApiDocs();
        builder.Services.AddApiKeyAuth();
        builder.Services.AddReelforgeRateLimits(builder.Configuration);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ServerJson.Wire);
            // Every body is written with an explicit snake_case type info or a JsonObject; these
            // options only make the OpenAPI schemas say what is sent (snake_case, numbers as numbers).
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });
        // Authentication pulls in Data Protection, which Reelforge never uses (no cookies): keep its
        // keys in the data folder and its "no XML encryptor" warning out of the start-up log.
        builder.Services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(EngineRegistration.DataDirectory(builder.Configuration), "keys")));
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

        var maxUpload = builder.Configuration.GetValue<long?>($"{VideosOptions.Section}:MaxUploadBytes") ?? new VideosOptions().MaxUploadBytes;
        // Base64 in JSON costs 4/3 of the file; leave room for the other fields.
        var maxBody = maxUpload / 3 * 4 + 1024 * 1024;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = maxBody);
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = maxBody);

        var app = builder.Build();
        await EngineRegistration.PrepareAsync(app.Services, app.Configuration, ct);
        await app.Services.GetRequiredService<Files.FileSigningKey>().LoadAsync(ct);

        app.UseRouting();
        app.UseReelforgeHttpMetrics();
        app.Use(RequestIdAsync);
        app.UseMiddleware<ErrorMiddleware>();
        app.UseAuthentication();
        if (RateLimits.Enabled(app.Configuration))
        {
            app.UseRateLimiter();
        }
        app.UseAuthorization();
        var maxDataUrl = app.Configuration.GetValue<long?>($"{VideosOptions.Section}:MaxDataUrlBytes") ?? new VideosOptions().MaxDataUrlBytes;
        var gate = new LargeBodyGate(
            app.Configuration.GetValue<int?>($"{VideosOptions.Section}:MaxLargeBodiesInFlight") ?? new VideosOptions().MaxLargeBodiesInFlight,
            TimeSpan.FromSeconds(app.Configuration.GetValue<int?>($"{VideosOptions.Section}:LargeBodyWaitSeconds") ?? new VideosOptions().LargeBodyWaitSeconds),
            maxDataUrl / 3 * 4 + 1024 * 1024);
        app.Use(gate.InvokeAsync);
        app.MapHealthApi();
        app.MapReelforgeMetrics();
        app.MapApiDocs();
        app.MapVideosApi();
        app.MapEventsApi();
        app.MapWebhooksApi();
        app.MapTemplatesApi();
        app.MapAdminApi();
        app.MapUsageApi();
        app.MapFilesApi();
        app.MapDialects();
        app.MapDashboard();
        app.MapFallback(context => ErrorShapes.WriteAsync(context, new ApiError(404, "not_found", $"No route for {context.Request.Method} {context.Request.Path}.")));
        return app;
    }

    /// <summary>Every response carries `x-request-id` (the OpenAI SDKs expose it on results and errors).</summary>
    private static Task RequestIdAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.Headers["x-request-id"] = "req_" + Guid.NewGuid().ToString("N");
        return next(context);
    }
}
