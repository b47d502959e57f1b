using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Api;

/// <summary>
/// The OpenAPI 3.1 document of the native API (`/openapi/v1.json`: every `/v1` route, not the
/// `/compat` dialects) and its reference page (`/docs`, Scalar, with its script served from the
/// package: nothing is loaded from a CDN).
/// </summary>
public static class ApiDocs
{
    /// <summary>Every error the native API answers with, by status: the `code`s each can carry (docs/dialects/openai.md).</summary>
    public static readonly IReadOnlyDictionary<int, string> ErrorCodes = new Dictionary<int, string>
    {
        [400] = "missing_parameter, invalid_value, model_not_found, invalid_json, invalid_multipart, invalid_timeline, invalid_inputs",
        [401] = "invalid_api_key",
        [402] = "insufficient_credits",
        [403] = "insufficient_scope",
        [404] = "not_found, content_missing",
        [409] = "video_not_ready",
        [410] = "video_expired",
        [413] = "payload_too_large",
        [415] = "unsupported_media_type",
        [422] = "video_failed, invalid_template",
        [429] = "rate_limit_exceeded",
        [500] = "server_error",
    };

    // Every authenticated route can answer these.
    private static readonly int[] Always = [401, 403, 429, 500];

    public static IServiceCollection AddApiDocs(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            o.ShouldInclude = d => d.RelativePath?.StartsWith("v1/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Reelforge",
                    Version = "v1",
                    Description = "OpenAI's Videos API, served by Reelforge, plus its own fields and routes. Errors are always "
                        + "`{\"error\":{\"message\",\"type\",\"param\",\"code\"}}` with `x-request-id`. See docs/dialects/openai.md.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "An API key: `Authorization: Bearer <key>`.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(async (operation, context, ct) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestBodyDoc>().FirstOrDefault() is { } body)
                {
                    var schema = await context.GetOrCreateSchemaAsync(body.Type, null, ct);
                    operation.RequestBody = new OpenApiRequestBody
                    {
                        Required = true,
                        Content = body.ContentTypes.ToDictionary(t => t, _ => new OpenApiMediaType { Schema = schema }),
                    };
                }
                operation.Responses ??= new OpenApiResponses();
                foreach (var (status, response) in operation.Responses)
                {
                    if (int.TryParse(status, out var code) && ErrorCodes.TryGetValue(code, out var codes))
                    {
                        response.Description = $"Error envelope; `error.code` is one of: {codes}.";
                    }
                }
            });
        });

    /// <summary>`/openapi/v1.json` and `/docs`.</summary>
    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        Scalar.AspNetCore.ScalarEndpointRouteBuilderExtensions.MapScalarApiReference(app, "/docs", o =>
        {
            o.Title = "Reelforge API";
            o.OpenApiRoutePattern = "/openapi/{documentName}.json";
            // Offline by default: no web fonts, no telemetry, no AI agent; the script is the package's own.
            o.DefaultFonts = false;
            o.Telemetry = false;
        });
        return app;
    }

    /// <summary>
    /// The route's body for the document: JSON, or multipart with bracket keys (`video[id]`).
    /// Not `Accepts`: routing would then refuse other content types itself, before the handler's
    /// own 415 in OpenAI's shape.
    /// </summary>
    public static RouteHandlerBuilder Body<T>(this RouteHandlerBuilder builder, params string[] contentTypes) =>
        builder.WithMetadata(new RequestBodyDoc(typeof(T), contentTypes.Length > 0 ? contentTypes : ["application/json", "multipart/form-data"]));

    private sealed record RequestBodyDoc(Type Type, string[] ContentTypes);

    public static RouteHandlerBuilder Returns<T>(this RouteHandlerBuilder builder, string contentType = "application/json") =>
        builder.Produces<T>(StatusCodes.Status200OK, contentType);

    /// <summary>The errors this route answers with besides 401, 403, 429 and 500.</summary>
    public static TBuilder Errors<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses.Concat(Always).Distinct())
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(OpenAiErrorEnvelope), ["application/json"]));
        }
        return builder;
    }
}
