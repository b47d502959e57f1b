using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Server.Auth;
using Reelforge.Server.Errors;
using Reelforge.Server.Files;

namespace Reelforge.Server.Compat.Prism;

/// <summary>
/// Prism Videos' template API (docs/compat.md, "Prism") at `/compat/prism/api`: a Bearer key that
/// must carry `templates:read`, as Prism's keys do; the generation body in webhooks.
/// </summary>
public sealed class PrismDialect : Dialect
{
    public static readonly StageWords Status = new()
    {
        Queued = "generating", GeneratingScript = "generating", ScriptReady = "generating", GeneratingMedia = "generating",
        Retrying = "generating", MediaReady = "generating", Exporting = "generating",
        Completed = "completed", Failed = "failed", Cancelled = "failed",
    };

    public override string Name => "prism";

    public override ApiKeyHeader KeyHeader => ApiKeyHeader.AuthorizationBearer;

    public override IErrorShape Errors => PrismErrorShape.Instance;

    public override StageWords Words => Status;

    public override StatusBody WebhookBody => (job, baseUrl, services, _) =>
        Task.FromResult(PrismApi.Body(job, services.GetRequiredService<FileUrls>(), baseUrl));

    protected override void MapRoutes(RouteGroupBuilder dialect) => PrismApi.MapRoutes(dialect.MapGroup("/api"));

    protected override ApiError NotFound(HttpRequest request) => new(404, "not_found", "Not found.");
}
