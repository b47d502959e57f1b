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
using Reelforge.Server.Webhooks;
using Reelforge.Webhooks;

namespace Reelforge.Server.Compat.Pictory;

/// <summary>Pictory's routes and bodies (<see cref="PictoryDialect"/>), under `/compat/pictory/pictoryapis`.</summary>
public static class PictoryApi
{
    /// <summary>Each model's durations and aspect ratios; the first is the default. (Their prices are <see cref="PictoryDialect.ModelPrices"/>.)</summary>
    private static readonly Dictionary<string, (string[] Durations, string[] Ratios)> Models = new(StringComparer.Ordinal)
    {
        ["pixverse5.5"] = (["5s", "8s", "10s"], ["16:9", "9:16", "1:1", "3:4", "4:3"]),
        ["veo3.1"] = (["4s", "6s", "8s"], ["16:9", "9:16"]),
        ["veo3.1_fast"] = (["4s", "6s", "8s"], ["16:9", "9:16"]),
    };

    private static readonly Dictionary<string, (int Width, int Height)> Sizes = new(StringComparer.Ordinal)
    {
        ["16:9"] = (1280, 720), ["9:16"] = (720, 1280), ["1:1"] = (720, 720), ["3:4"] = (720, 960), ["4:3"] = (960, 720),
    };

    public static void MapRoutes(RouteGroupBuilder pictory)
    {
        pictory.MapPost("/v1/aistudio/videos", CreateAsync).RequireScope(Scopes.VideosWrite);
        pictory.MapGet("/v1/jobs/{jobid}", GetAsync).RequireScope(Scopes.VideosRead);
    }

    public static async Task<IResult> CreateAsync(HttpContext http, JobEngine engine, IJobStore store, IBlobStore blobs, FileUrls urls,
        IOptions<WebhooksOptions> webhooks, CancellationToken ct)
    {
        var form = await RequestForm.ReadAsync(http.Request, ct);
        var account = Caller.AccountId(http);
        var prompt = form.String("prompt");
        if (prompt is null || prompt.Length is < 5 or > 5000)
        {
            throw new ApiErrorException(ApiError.Invalid("prompt", "prompt must be between 5 and 5000 characters."));
        }
        var model = form.String("model") ?? "pixverse5.5";
        if (!Models.TryGetValue(model, out var rules))
        {
            throw new ApiErrorException(ApiError.Invalid("model", $"model must be one of {string.Join(", ", Models.Keys)}."));
        }
        var ratio = OneOf(form.String("aspectRatio"), rules.Ratios, "aspectRatio", model);
        var duration = OneOf(form.String("duration"), rules.Durations, "duration", model);
        var sources = new[] { "firstFrameImageUrl", "extendVideoUrl", "referenceImageUrls" }.Where(k => form.Fields[k] is not null).ToList();
        if (sources.Count > 1)
        {
            throw new ApiErrorException(ApiError.Invalid(sources[1], $"{string.Join(", ", sources)} cannot be combined; give one of them."));
        }
        var webhook = WebhookTargets.Optional(form, "webhook", webhooks.Value);

        await using var uploads = new PendingUploads(blobs, JobIds.NewVideoId());
        var id = uploads.JobId;
        var (width, height) = Sizes[ratio];
        var seconds = int.Parse(duration.AsSpan(0, duration.Length - 1), CultureInfo.InvariantCulture);
        var spec = new VideoSpec
        {
            Prompt = prompt, Model = model, Seconds = seconds,
            Width = width, Height = height,
        };
        switch (sources.FirstOrDefault())
        {
            case "firstFrameImageUrl":
                var (blob, url) = await CompatInputs.FirstFrameAsync(form.String("firstFrameImageUrl") ?? "", "firstFrameImageUrl", id, urls, blobs, ct);
                spec = spec with { InputReferenceBlob = blob, InputReferenceUrl = url };
                break;
            case "referenceImageUrls":
                // Reelforge makes no AI imagery: the first reference image opens the video, as a first frame would.
                var references = form.Fields["referenceImageUrls"] as JsonArray;
                if (references is not { Count: >= 1 and <= 3 } || references.Any(r => r is not JsonValue))
                {
                    throw new ApiErrorException(ApiError.Invalid("referenceImageUrls", "referenceImageUrls must be a list of 1 to 3 image URLs."));
                }
                var (refBlob, refUrl) = await CompatInputs.FirstFrameAsync(references[0]!.ToString(), "referenceImageUrls", id, urls, blobs, ct);
                spec = spec with { InputReferenceBlob = refBlob, InputReferenceUrl = refUrl };
                break;
            case "extendVideoUrl":
                var source = await CompatInputs.OwnVideoAsync(form.String("extendVideoUrl") ?? "", "extendVideoUrl", account, urls, store, ct);
                spec = spec with
                {
                    ExtendsVideoId = source.Id, Seconds = (int)Math.Round(source.Outputs!.DurationSeconds) + spec.Seconds,
                    Width = source.Spec.Width, Height = source.Spec.Height, Seed = source.Spec.Seed,
                };
                break;
        }
        AssetTargets.Check(spec, http.RequestServices.GetRequiredService<IOptions<Rendering.AssetOptions>>().Value, inputParam: sources.FirstOrDefault() ?? "firstFrameImageUrl");
        var (job, _) = await engine.SubmitAsync(id, account, spec,
            new Submission(WebhookUrl: webhook, Dialect: Dialects.NameOf(http), BillableSeconds: seconds), ct);
        uploads.Keep();
        return Results.Json(new JsonObject { ["success"] = true, ["data"] = new JsonObject { ["jobId"] = job.Id } }, ServerJson.Wire.JsonObject);
    }

    /// <summary>The job in the seed's words; an unknown id is the seed's 200 with `success: false`, as its example shows.</summary>
    public static async Task<IResult> GetAsync(string jobid, HttpContext http, IJobStore store, FileUrls urls, CancellationToken ct)
    {
        var job = await store.GetAsync(jobid, Caller.AccountId(http), ct);
        var body = job is null
            ? new JsonObject
            {
                ["id"] = jobid, ["success"] = false,
                ["data"] = new JsonObject { ["error_code"] = "5000", ["error_message"] = "JOB_NOT_FOUND" },
            }
            : Body(job, urls, urls.BaseUrl(http.Request));
        return Results.Json(body, ServerJson.Wire.JsonObject);
    }

    public static JsonObject Body(Job job, FileUrls urls, string baseUrl)
    {
        var data = new JsonObject { ["status"] = PictoryDialect.Status.Of(job) };
        if (job.Stage == JobStage.Completed && job.Outputs is { } o)
        {
            var links = urls.For(job, baseUrl);
            var seconds = (int)Math.Round(o.DurationSeconds);
            data["url"] = links?.Video;
            data["duration"] = seconds.ToString(CultureInfo.InvariantCulture) + "s";
            data["width"] = o.Width;
            data["height"] = o.Height;
            data["thumbnailImageUrl"] = links is null ? null : links.Preview ?? links.Thumbnail;
            data["lastFrameImageUrl"] = links?.LastFrame;
            data["previewImageUrl"] = links?.Preview;
            data["aiCreditsUsed"] = job.CreditsCharged ?? job.CreditsReserved;
        }
        else if (job.Stage is JobStage.Failed or JobStage.Cancelled)
        {
            data["error_code"] = "5001";
            data["error_message"] = job.Error?.Message ?? "Video generation failed.";
        }
        return new JsonObject { ["job_id"] = job.Id, ["success"] = job.Stage is not (JobStage.Failed or JobStage.Cancelled), ["data"] = data };
    }

    private static string OneOf(string? value, string[] allowed, string field, string model) =>
        value is null ? allowed[0]
        : allowed.Contains(value, StringComparer.Ordinal) ? value
        : throw new ApiErrorException(ApiError.Invalid(field, $"{field} for {model} must be one of {string.Join(", ", allowed)}."));
}

/// <summary>
/// Pictory's errors: 401 `{"message":"Unauthorized"}`; a bad body
/// `{"code":"INVALID_REQUEST_BODY","message","fields":[{"name","errors"}]}`; others `{"code","message"}`.
/// </summary>
public sealed class PictoryErrorShape : IErrorShape
{
    public static readonly PictoryErrorShape Instance = new();

    public IResult Render(ApiError error)
    {
        var body = error.Status switch
        {
            401 => new JsonObject { ["message"] = "Unauthorized" },
            400 => new JsonObject
            {
                ["code"] = "INVALID_REQUEST_BODY", ["message"] = error.Message,
                ["fields"] = new JsonArray(Fields(error).Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["errors"] = f.Message }).ToArray()),
            },
            _ => new JsonObject { ["code"] = error.Code.ToUpperInvariant(), ["message"] = error.Message },
        };
        return Results.Json(body, ServerJson.Wire.JsonObject, statusCode: error.Status);
    }

    private static IEnumerable<(string Name, string Message)> Fields(ApiError error) =>
        error.Problems.Count > 0 ? error.Problems.Select(p => (p.Path, p.Message))
        : error.Param is null ? [] : [(error.Param, error.Message)];
}
