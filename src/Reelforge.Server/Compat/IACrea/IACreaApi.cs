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
using Reelforge.Server.Webhooks;
using Reelforge.Webhooks;

namespace Reelforge.Server.Compat.IACrea;

/// <summary>IACrea's routes and bodies (<see cref="IACreaDialect"/>), under `/compat/iacrea/api/video-editor/generate/video`.</summary>
public static class IACreaApi
{
    public static void MapRoutes(RouteGroupBuilder iacrea)
    {
        iacrea.MapPost("", CreateAsync).RequireScope(Scopes.VideosWrite);
        iacrea.MapGet("/{id}", GetAsync).RequireScope(Scopes.VideosRead);
    }

    public static async Task<IResult> CreateAsync(HttpContext http, JobEngine engine, IBlobStore blobs, FileUrls urls, IAccountStore accounts,
        IOptions<VideosOptions> videos, IOptions<WebhooksOptions> webhooks, CancellationToken ct)
    {
        var form = await RequestForm.ReadAsync(http.Request, ct);
        var video = form.Fields["video"] as JsonObject ?? throw new ApiErrorException(ApiError.Missing("video"));
        // The docs name `webhookUrl` without placing it: taken at the top level, or inside `video`.
        var webhookParam = form.Fields["webhookUrl"] is not null ? "webhookUrl" : video["webhookUrl"] is not null ? "video.webhookUrl" : null;
        var webhook = webhookParam is null ? null
            : WebhookTargets.Check((form.Fields["webhookUrl"] ?? video["webhookUrl"])?.ToString(), webhookParam, webhooks.Value);
        var upstream = http.RequestServices.GetRequiredService<IOptions<Providers.UpstreamOptions>>().Value.Configured;
        var (timeline, problems) = TimelineRequests.Parse(IACreaRequest.Timeline(video, generate: upstream), "video", videos.Value, allowGenerate: upstream);
        if (problems.Count > 0)
        {
            throw TimelineRequests.Invalid(problems);
        }
        await using var uploads = new PendingUploads(blobs, JobIds.NewVideoId());
        var spec = await TimelineRequests.SpecAsync(timeline!, "", videos.Value.DefaultModel, uploads.JobId, blobs, videos.Value, ct)
            with { TemplateId = (video["template"] as JsonValue)?.ToString() ?? "SaleProperty" };
        AssetTargets.Check(spec, http.RequestServices.GetRequiredService<IOptions<Rendering.AssetOptions>>().Value, timelineParam: "video");
        var (job, _) = await engine.SubmitAsync(uploads.JobId, Caller.AccountId(http), spec, new Submission(WebhookUrl: webhook, Dialect: Dialects.NameOf(http)), ct);
        uploads.Keep();
        return Results.Json(await BodyAsync(job, urls, accounts, urls.BaseUrl(http.Request), ct), ServerJson.Wire.JsonObject, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> GetAsync(string id, HttpContext http, IJobStore store, FileUrls urls, IAccountStore accounts, CancellationToken ct)
    {
        var job = await store.GetAsync(id, Caller.AccountId(http), ct) ?? throw new ApiErrorException(new ApiError(404, "not_found", $"Video {id} not found."));
        return Results.Json(await BodyAsync(job, urls, accounts, urls.BaseUrl(http.Request), ct), ServerJson.Wire.JsonObject);
    }

    /// <summary>
    /// <see cref="Body"/> with `creditsTotal` read from the account when the body is written: one
    /// account read per IACrea answer, rather than the balance riding on every job read.
    /// </summary>
    public static async Task<JsonObject> BodyAsync(Job job, FileUrls urls, IAccountStore accounts, string baseUrl, CancellationToken ct) =>
        Body(job, urls, baseUrl, (await accounts.GetAccountAsync(job.AccountId, ct))?.Credits);

    /// <summary>
    /// The video in IACrea's words: `status`; `generatedContent`, one item a scene (`pending`,
    /// `success` with the scene's still as `url`, `error`); `progress` while rendering; `videoUrl`
    /// once DONE; `message` while PENDING or at ERROR; `creditsTotal` (the account's remaining
    /// balance; null when unlimited) and `creditsUsed` (held while it runs, charged once it ends).
    /// </summary>
    public static JsonObject Body(Job job, FileUrls urls, string baseUrl, decimal? balance = null)
    {
        var status = IACreaDialect.Status.Of(job);
        var links = urls.For(job, baseUrl);
        var scenes = job.Timeline?.Scenes ?? job.Spec.Timeline?.Scenes ?? [];
        var body = new JsonObject
        {
            ["id"] = job.Id,
            ["status"] = status,
            ["creditsTotal"] = balance,
            ["creditsUsed"] = job.CreditsCharged ?? job.CreditsReserved,
            ["generatedContent"] = new JsonArray(scenes.Select((scene, i) =>
            {
                var state = job.Scenes.FirstOrDefault(s => s.Index == i)?.Status;
                return (JsonNode)new JsonObject
                {
                    ["id"] = $"{job.Id}-{i}",
                    ["url"] = links is not null && i < links.Slides.Count ? links.Slides[i] : null,
                    ["effect"] = IACreaRequest.AnimationOf(scene.Background.Image?.Motion),
                    ["format"] = job.Spec.Width > job.Spec.Height ? "landscape" : job.Spec.Width < job.Spec.Height ? "portrait" : "square",
                    ["status"] = job.Stage == JobStage.Completed || state == SceneStatus.Succeeded ? "success"
                        : state == SceneStatus.Failed || job.Stage is JobStage.Failed or JobStage.Cancelled ? "error" : "pending",
                };
            }).ToArray()),
        };
        switch (status)
        {
            case "START_RENDERING_VIDEO" or "RENDERING_VIDEO":
                body["progress"] = job.Progress;
                break;
            case "DONE":
                body["progress"] = 100;
                body["videoUrl"] = links?.Video;
                break;
            case "PENDING" when job.Retrying:
                body["message"] = "Re-generating video in error";
                break;
            case "ERROR":
                body["message"] = job.Error?.Message ?? "The video could not be made.";
                break;
        }
        return body;
    }
}

/// <summary>IACrea documents its error statuses, not their bodies: `{"statusCode","message"}`, plus `field` on a 400.</summary>
public sealed class IACreaErrorShape : IErrorShape
{
    public static readonly IACreaErrorShape Instance = new();

    public IResult Render(ApiError error)
    {
        var body = new JsonObject { ["statusCode"] = error.Status, ["message"] = error.Status == 401 ? "Missing or invalid x-api-key." : error.Message };
        if (error.Status == 400 && error.Param is not null)
        {
            body["field"] = error.Param;
        }
        return Results.Json(body, ServerJson.Wire.JsonObject, statusCode: error.Status);
    }
}
