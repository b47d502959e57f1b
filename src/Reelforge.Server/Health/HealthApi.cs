using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Reelforge.Server.Api;
using Reelforge.Server.Hosting;
using Reelforge.Storage;

namespace Reelforge.Server.Health;

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Json(new HealthReport("ok", new Dictionary<string, string>()), ServerJson.Wire.HealthReport));
        app.MapGet("/readyz", Ready);
        return app;
    }

    /// <summary>Ready when the database answers and FFmpeg passed the start-up capability check.</summary>
    public static async Task<IResult> Ready(IStoreDatabase db, Readiness readiness, CancellationToken ct)
    {
        var checks = new Dictionary<string, string>
        {
            ["database"] = await db.CanConnectAsync(ct) ? "ok" : "unreachable",
            ["ffmpeg"] = readiness.FfmpegChecked ? "ok" : "not checked",
        };
        var ready = checks.Values.All(v => v == "ok");
        return Results.Json(new HealthReport(ready ? "ok" : "unavailable", checks), ServerJson.Wire.HealthReport,
            statusCode: ready ? 200 : 503);
    }
}
