using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Reelforge.Server.Api;
using Reelforge.Server.Auth;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Compat.Poe;

/// <summary>
/// Poe's copy of the OpenAI Videos API (docs/compat.md, "Poe") at `/compat/poe/v1/videos`: the
/// native handlers, with Poe's required `model` and bot names, `seconds` as an integer, `usage`
/// once completed, and Poe's error types.
/// </summary>
public static class PoeApi
{
    public const string Prefix = "/compat/poe";

    public static IEndpointRouteBuilder MapPoeApi(this IEndpointRouteBuilder app)
    {
        VideosApi.MapVideoRoutes(app.MapGroup(Prefix + "/v1/videos").WithMetadata(PoeErrorShape.Instance, ApiKeyHeader.AuthorizationBearer, PoeDialect.Instance));
        app.MapFallback(Prefix + "/{**rest}", NotFound).WithMetadata(PoeErrorShape.Instance);
        return app;
    }

    private static IResult NotFound(HttpContext http) =>
        PoeErrorShape.Instance.Render(new ApiError(404, "not_found", $"No route for {http.Request.Method} {http.Request.Path}."));
}

public sealed class PoeDialect : AdjustedVideoDialect
{
    public static readonly PoeDialect Instance = new();

    /// <summary>Poe's video bots (its `model` values); Reelforge renders all of them the same way.</summary>
    public static readonly IReadOnlyList<string> Bots = ["Sora-2", "Sora-2-Pro", "Veo-2", "Veo-3", "Veo-3-Fast", "Veo-3.1", "Veo-3.1-Fast"];

    public override string Name => "poe";

    /// <summary>Poe requires `model`; its bot names are accepted beside the native ones.</summary>
    public override string Model(RequestForm form, VideosOptions options)
    {
        var model = form.String("model");
        if (string.IsNullOrEmpty(model))
        {
            throw new ApiErrorException(ApiError.Missing("model"));
        }
        return Bots.Contains(model, StringComparer.Ordinal) ? model : VideoRequests.Model(form, options);
    }

    /// <summary>4 s for OpenAI's models, 8 s for Google's (Veo), as Poe documents.</summary>
    public override int DefaultSeconds(string model, VideosOptions options) =>
        model.StartsWith("Veo", StringComparison.Ordinal) ? 8 : options.DefaultSeconds;

    protected override void Adjust(JsonObject video)
    {
        var seconds = int.Parse(video["seconds"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        video["seconds"] = seconds;
        // Poe does not document the shape: the seconds rendered and the points (credits) they cost.
        video["usage"] = video["status"]!.GetValue<string>() == "completed"
            ? new JsonObject { ["seconds"] = seconds, ["points"] = video["credits"]?["charged"]?.DeepClone() }
            : null;
    }
}

/// <summary>Poe's error envelope: OpenAI's, with Poe's `type` words (402 `insufficient_credits`, 404 `not_found`).</summary>
public sealed class PoeErrorShape : IErrorShape
{
    public static readonly PoeErrorShape Instance = new();

    public IResult Render(ApiError error)
    {
        var body = new JsonObject
        {
            ["message"] = error.Message,
            ["type"] = TypeOf(error.Status),
            ["code"] = error.Code == "invalid_value" ? "invalid_parameter" : error.Code,
        };
        if (error.Param is not null)
        {
            body["param"] = error.Param;
        }
        return Results.Json(new JsonObject { ["error"] = body }, ServerJson.Wire.JsonObject, statusCode: error.Status);
    }

    public static string TypeOf(int status) => status switch
    {
        401 => "authentication_error",
        402 => "insufficient_credits",
        404 => "not_found",
        _ => OpenAiErrors.TypeOf(status),
    };
}
