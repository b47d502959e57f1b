using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Reelforge.Accounts;
using Reelforge.Server.Api;
using Reelforge.Server.Auth;
using Reelforge.Server.Errors;
using Reelforge.Templates;

namespace Reelforge.Server.Templates;

/// <summary>The native template listing: `GET /v1/templates` and `GET /v1/templates/{id}` (the whole definition).</summary>
public static class TemplatesApi
{
    public static IEndpointRouteBuilder MapTemplatesApi(this IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("/v1/templates").WithMetadata(OpenAiErrorShape.Instance, ApiKeyHeader.AuthorizationBearer)
            .RequireScope(Scopes.TemplatesRead);
        templates.MapGet("", (TemplateLibrary library) =>
            Results.Json(CursorList.Of(library.All, t => t.Id, false), TemplateJson.Wire.CursorListVideoTemplate))
            .Returns<CursorList<VideoTemplate>>().Errors();
        templates.MapGet("/{id}", (string id, TemplateLibrary library) =>
            Results.Json(library.Find(id) ?? throw new ApiErrorException(new ApiError(404, "not_found", $"Template '{id}' not found.")), TemplateJson.Wire.VideoTemplate))
            .Returns<VideoTemplate>().Errors(404);
        return app;
    }
}
