using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Reelforge.Server.Auth;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Compat.Blotato;

/// <summary>
/// Blotato's visuals API v2 (docs/compat.md, "Blotato") at `/compat/blotato/v2`: the key in
/// `blotato-api-key`, every creation made from a template. Blotato documents no webhooks, so it
/// has no webhook body (account webhook endpoints still see its videos).
/// </summary>
public sealed class BlotatoDialect : Dialect
{
    /// <summary>Blotato's stage words: one for each stage, the only service that names them all.</summary>
    public static readonly StageWords Status = new()
    {
        Queued = "queueing", GeneratingScript = "generating-script", ScriptReady = "script-ready", GeneratingMedia = "generating-media",
        Retrying = "generating-media", MediaReady = "media-ready", Exporting = "exporting",
        Completed = "done", Failed = "creation-from-template-failed", Cancelled = "creation-from-template-failed",
    };

    public override string Name => "blotato";

    public override ApiKeyHeader KeyHeader { get; } = new("blotato-api-key", Bearer: false);

    public override IErrorShape Errors => BlotatoErrorShape.Instance;

    public override StageWords Words => Status;

    protected override void MapRoutes(RouteGroupBuilder dialect) => BlotatoApi.MapRoutes(dialect.MapGroup("/v2/videos"));
}
