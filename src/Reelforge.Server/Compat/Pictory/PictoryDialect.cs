using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Reelforge.Accounts;
using Reelforge.Server.Auth;
using Reelforge.Server.Errors;
using Reelforge.Server.Files;

namespace Reelforge.Server.Compat.Pictory;

/// <summary>
/// Pictory's AI Studio video API (docs/compat.md, "Pictory") at `/compat/pictory/pictoryapis`:
/// the key in `Authorization` without `Bearer`, its job body in webhooks, and its models' prices.
/// </summary>
public sealed class PictoryDialect : Dialect
{
    /// <summary>
    /// Pictory's documented credits a second for its models, so a Pictory client sees the
    /// `aiCreditsUsed` it expects. Defaults beneath `Credits:ModelPrices`, which can change them.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, decimal> ModelPrices = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["pixverse5.5"] = 1.6m, ["veo3.1"] = 20m, ["veo3.1_fast"] = 10m,
    };

    public override string Name => "pictory";

    public override ApiKeyHeader KeyHeader { get; } = new("Authorization", Bearer: false);

    public override IErrorShape Errors => PictoryErrorShape.Instance;

    /// <summary>Pictory's stage words (one word while working).</summary>
    public static readonly StageWords Status = new()
    {
        Queued = "in-progress", GeneratingScript = "in-progress", ScriptReady = "in-progress", GeneratingMedia = "in-progress",
        Retrying = "in-progress", MediaReady = "in-progress", Exporting = "in-progress",
        Completed = "completed", Failed = "failed", Cancelled = "failed",
    };

    public override StageWords Words => Status;

    public override StatusBody WebhookBody => (job, baseUrl, services, _) =>
        Task.FromResult(PictoryApi.Body(job, services.GetRequiredService<FileUrls>(), baseUrl));

    /// <summary>Pictory's prices under what configuration says: after binding, only the models it leaves out are added.</summary>
    public override void AddServices(IServiceCollection services) =>
        services.PostConfigure<CreditsOptions>(credits =>
        {
            foreach (var (model, price) in ModelPrices)
            {
                credits.ModelPrices.TryAdd(model, price);
            }
        });

    protected override void MapRoutes(RouteGroupBuilder dialect) => PictoryApi.MapRoutes(dialect.MapGroup("/pictoryapis"));

    protected override ApiError NotFound(HttpRequest request) => new(404, "not_found", "Not Found");
}
