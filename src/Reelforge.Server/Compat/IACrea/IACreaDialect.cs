using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Accounts;
using Reelforge.Server.Auth;
using Reelforge.Server.Errors;
using Reelforge.Server.Files;

namespace Reelforge.Server.Compat.IACrea;

/// <summary>
/// IACrea's video editor (docs/compat.md, "IACrea") at
/// `/compat/iacrea/api/video-editor/generate/video`: the key in `x-api-key`; the status body in webhooks.
/// </summary>
public sealed class IACreaDialect : Dialect
{
    public static readonly StageWords Status = new()
    {
        Queued = "PENDING", GeneratingScript = "GENERATING_VIDEO", ScriptReady = "GENERATING_VIDEO", GeneratingMedia = "GENERATING_VIDEO",
        Retrying = "PENDING", MediaReady = "START_RENDERING_VIDEO", Exporting = "RENDERING_VIDEO",
        Completed = "DONE", Failed = "ERROR", Cancelled = "ERROR",
    };

    public override string Name => "iacrea";

    public override ApiKeyHeader KeyHeader { get; } = new("x-api-key", Bearer: false);

    public override IErrorShape Errors => IACreaErrorShape.Instance;

    public override StageWords Words => Status;

    public override StatusBody WebhookBody => (job, baseUrl, services, ct) =>
        IACreaApi.BodyAsync(job, services.GetRequiredService<FileUrls>(), services.GetRequiredService<IAccountStore>(), baseUrl, ct);

    protected override void MapRoutes(RouteGroupBuilder dialect) => IACreaApi.MapRoutes(dialect.MapGroup("/api/video-editor/generate/video"));

    protected override ApiError NotFound(HttpRequest request) => new(404, "not_found", "Not found.");
}
