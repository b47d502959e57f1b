using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Reelforge.Server.Api;
using Reelforge.Server.Auth;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Compat.Poe;

/// <summary>
/// Poe's copy of the OpenAI Videos API (docs/compat.md, "Poe") at `/compat/poe/v1/videos`: the
/// native handlers with <see cref="PoeVideos"/>, Poe's error types, and no webhook body of its own
/// (a `webhook_url` gets the native event, as on OpenAI).
/// </summary>
public sealed class PoeDialect : Dialect
{
    public override string Name => "poe";

    public override ApiKeyHeader KeyHeader => ApiKeyHeader.AuthorizationBearer;

    public override IErrorShape Errors => PoeErrorShape.Instance;

    public override StageWords Words => StageWords.OpenAi;

    protected override void MapRoutes(RouteGroupBuilder dialect) =>
        VideosApi.MapVideoRoutes(dialect.MapGroup("/v1/videos").WithMetadata(PoeVideos.Instance));

    protected override ApiError NotFound(HttpRequest request) => new(404, "not_found", $"No route for {request.Method} {request.Path}.");
}
