using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reelforge.Accounts;
using Reelforge.Blobs;
using Reelforge.Engine;
using Reelforge.Jobs;
using Reelforge.Server.Api;
using Reelforge.Server.Auth;
using Reelforge.Server.Errors;
using Reelforge.Server.Files;
using Reelforge.Server.Templates;
using Reelforge.Server.Webhooks;
using Reelforge.Templates;
using Reelforge.Webhooks;

namespace Reelforge.Server.Compat.Prism;

/// <summary>Prism's routes and bodies (<see cref="PrismDialect"/>), under `/compat/prism/api`.</summary>
public static class PrismApi
{
    public static void MapRoutes(RouteGroupBuilder api)
    {
        var prism = api.RequireScope(Scopes.TemplatesRead);
        prism.MapGet("/templates", ListTemplates);
        prism.MapGet("/templates/{id}", GetTemplate);
        prism.MapPost("/templates/{id}/generate", GenerateAsync).RequireScope(Scopes.VideosWrite);
        prism.MapGet("/generations/{id}", GetGenerationAsync).RequireScope(Scopes.VideosRead);
    }

    public static IResult ListTemplates(string? limit, string? offset, string? category, TemplateLibrary library)
    {
        var take = Whole(limit, "limit", 50, 1, 100);
        var skip = Whole(offset, "offset", 0, 0, int.MaxValue);
        var matching = library.All.Where(t => string.IsNullOrEmpty(category) || t.Category == category).ToList();
        return Results.Json(new JsonObject
        {
            ["data"] = new JsonArray(matching.Skip(skip).Take(take).Select(t => (JsonNode)Describe(t)).ToArray()),
            ["pagination"] = new JsonObject { ["offset"] = skip, ["limit"] = take, ["has_more"] = skip + take < matching.Count },
        }, ServerJson.Wire.JsonObject);
    }

    public static IResult GetTemplate(string id, TemplateLibrary library) =>
        Results.Json(new JsonObject { ["data"] = Describe(library.Find(id) ?? throw NotFound("Template")) }, ServerJson.Wire.JsonObject);

    public static async Task<IResult> GenerateAsync(string id, HttpContext http, JobEngine engine, IBlobStore blobs, TemplateLibrary library,
        IOptions<VideosOptions> videos, IOptions<WebhooksOptions> webhooks, CancellationToken ct)
    {
        var template = library.Find(id) ?? throw NotFound("Template");
        var form = await RequestForm.ReadAsync(http.Request, ct);
        if (form.Fields["variables"] is not (null or JsonObject))
        {
            throw new ApiErrorException(ApiError.Invalid("variables", "variables must be an object of key to value."));
        }
        var webhook = WebhookTargets.Optional(form, "webhook_url", webhooks.Value);
        await using var uploads = new PendingUploads(blobs, JobIds.NewVideoId());
        var spec = await TemplateRequests.SpecAsync(template, form.Fields["variables"] as JsonObject, "variables", uploads.JobId, videos.Value.DefaultModel, blobs, videos.Value, ct);
        AssetTargets.Check(spec, http.RequestServices.GetRequiredService<IOptions<Rendering.AssetOptions>>().Value, timelineParam: "variables");
        var (job, _) = await engine.SubmitAsync(uploads.JobId, Caller.AccountId(http), spec, new Submission(WebhookUrl: webhook, Dialect: Dialects.NameOf(http)), ct);
        uploads.Keep();
        return Results.Json(new JsonObject
        {
            ["generations"] = new JsonArray(new JsonObject { ["generation_id"] = job.Id, ["status"] = PrismDialect.Status.Of(job) }),
            ["template_id"] = template.Id,
            // Held now, settled at the end: a failed generation gives it back.
            ["credits_charged"] = job.CreditsReserved,
            ["latency_estimate_sec"] = null,
        }, ServerJson.Wire.JsonObject);
    }

    public static async Task<IResult> GetGenerationAsync(string id, HttpContext http, IJobStore store, FileUrls urls, CancellationToken ct)
    {
        var job = await store.GetAsync(id, Caller.AccountId(http), ct) ?? throw NotFound("Generation");
        return Results.Json(Body(job, urls, urls.BaseUrl(http.Request)), ServerJson.Wire.JsonObject);
    }

    /// <summary>The seed's generation: flat, snake_case, ISO timestamps; `video_url` signed for `Files:UrlLifetimeMinutes` (60, as Prism's hour).</summary>
    public static JsonObject Body(Job job, FileUrls urls, string baseUrl)
    {
        var completed = job.Stage == JobStage.Completed;
        return new JsonObject
        {
            ["id"] = job.Id,
            ["status"] = PrismDialect.Status.Of(job),
            ["template_id"] = job.Spec.TemplateId,
            ["video_url"] = completed ? urls.For(job, baseUrl)?.Video : null,
            ["created_at"] = IsoTime.Of(job.CreatedAt),
            ["completed_at"] = completed && job.CompletedAt is { } at ? IsoTime.Of(at) : null,
            ["error"] = job.Stage is JobStage.Failed or JobStage.Cancelled ? job.Error?.Message ?? "Generation failed" : null,
        };
    }

    private static JsonObject Describe(VideoTemplate t) => new()
    {
        ["id"] = t.Id,
        ["title"] = t.Name,
        ["description"] = t.Description,
        ["category"] = t.Category,
        ["duration_sec"] = null,
        ["input_variables"] = new JsonArray(t.Variables.Select(v => (JsonNode)new JsonObject
        {
            ["key"] = v.Key,
            ["label"] = v.Label ?? v.Key,
            // Prism's types are text, image and video; Reelforge's narrower ones (number, colour, choice) travel as text.
            ["type"] = v.Type is "image" or "image_list" ? "image" : "text",
            ["required"] = v.Required && v.Default is null,
            ["placeholder"] = v.Placeholder,
            ["description"] = v.Description,
            ["default_value"] = v.Default?.DeepClone(),
            ["max_length"] = v.MaxLength,
            ["min_length"] = v.MinLength,
            ["slot"] = null,
            ["multiple"] = v.Type == "image_list",
        }).ToArray()),
        ["prompt_template"] = t.Plan?.Prompt,
    };

    private static int Whole(string? text, string param, int fallback, int min, int max) =>
        text is null ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n
        : throw new ApiErrorException(ApiError.Invalid(param, $"{param} must be a whole number from {min} to {max}."));

    private static ApiErrorException NotFound(string what) =>
        new(new ApiError(404, "not_found", $"{what} not found or not owned by this API key's user."));
}

/// <summary>Prism's flat errors: `{"error":"&lt;code&gt;","message"}`.</summary>
public sealed class PrismErrorShape : IErrorShape
{
    public static readonly PrismErrorShape Instance = new();

    public IResult Render(ApiError error) => Results.Json(new JsonObject
    {
        ["error"] = error.Status switch
        {
            400 => "validation_error",
            401 => "unauthorized",
            402 => "insufficient_credits",
            403 => "forbidden",
            404 => "not_found",
            422 => "invalid_template",
            429 => "rate_limited",
            >= 500 => "server_error",
            _ => error.Code,
        },
        ["message"] = error.Status == 401 ? "Invalid or missing API key" : error.Message,
    }, ServerJson.Wire.JsonObject, statusCode: error.Status);
}
