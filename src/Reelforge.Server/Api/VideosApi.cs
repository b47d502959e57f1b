using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reelforge.Accounts;
using Reelforge.Blobs;
using Reelforge.Engine;
using Reelforge.Jobs;
using Reelforge.Server.Auth;
using Reelforge.Server.Errors;
using Reelforge.Pipeline;
using Reelforge.Planning;
using Reelforge.Server.Templates;
using Reelforge.Server.Webhooks;
using Reelforge.Templates;
using Reelforge.Timelines;
using Reelforge.Webhooks;

namespace Reelforge.Server.Api;

/// <summary>The native API: OpenAI's Videos API at /v1 (docs/dialects/openai.md).</summary>
public static partial class VideosApi
{
    public static IEndpointRouteBuilder MapVideosApi(this IEndpointRouteBuilder app)
    {
        MapVideoRoutes(app.MapGroup("/v1/videos").WithMetadata(OpenAiErrorShape.Instance, ApiKeyHeader.AuthorizationBearer, VideosVariant.OpenAi));
        return app;
    }

    /// <summary>The OpenAI video routes on <paramref name="videos"/>; its metadata says whose dialect they speak.</summary>
    public static RouteGroupBuilder MapVideoRoutes(RouteGroupBuilder videos)
    {
        // Literal segments are registered before the {id} template.
        // Body, Returns and Errors describe each route in /openapi/v1.json.
        videos.MapPost("/extensions", ExtendAsync).RequireScope(Scopes.VideosWrite).Body<ExtendVideoBody>().Returns<VideoObject>().Errors(400, 402, 404, 409, 410, 413, 415, 422);
        videos.MapPost("/edits", EditAsync).RequireScope(Scopes.VideosWrite).Body<EditVideoBody>().Returns<VideoObject>().Errors(400, 402, 404, 409, 410, 413, 415, 422);
        videos.MapPost("/characters", CreateCharacterAsync).RequireScope(Scopes.VideosWrite)
            .Body<CreateCharacterForm>("multipart/form-data").Returns<CharacterObject>().Errors(400, 413, 415);
        videos.MapGet("/characters/{id}", GetCharacterAsync).RequireScope(Scopes.VideosRead).Returns<CharacterObject>().Errors(404);
        videos.MapPost("", CreateAsync).RequireScope(Scopes.VideosWrite).Body<CreateVideoBody>().Returns<VideoObject>().Errors(400, 402, 413, 415, 422);
        videos.MapGet("", ListAsync).RequireScope(Scopes.VideosRead).Returns<CursorList<VideoObject>>().Errors(400);
        videos.MapGet("/{id}", GetAsync).RequireScope(Scopes.VideosRead).Returns<VideoObject>().Produces(StatusCodes.Status304NotModified).Errors(400, 404);
        videos.MapDelete("/{id}", DeleteAsync).RequireScope(Scopes.VideosWrite).Returns<VideoDeleted>().Errors(404);
        videos.MapGet("/{id}/content", ContentAsync).RequireScope(Scopes.VideosRead)
            .Produces<byte[]>(StatusCodes.Status200OK, "video/mp4", "image/webp", "image/jpeg").Produces(StatusCodes.Status206PartialContent).Errors(400, 404, 409, 410, 422);
        videos.MapPost("/{id}/remix", RemixAsync).RequireScope(Scopes.VideosWrite).Body<RemixVideoBody>().Returns<VideoObject>().Errors(400, 402, 404, 409, 410, 413, 415, 422);
        return videos;
    }

    public static async Task<IResult> CreateAsync(HttpContext http, JobEngine engine, IBlobStore blobs, IOptions<VideosOptions> options, CancellationToken ct)
    {
        var o = options.Value;
        var form = await RequestForm.ReadAsync(http.Request, ct);
        // Checked before anything is stored; a refusal after that drops what was (PendingUploads).
        var submission = SubmissionOf(http, form);
        await using var uploads = new PendingUploads(blobs, JobIds.NewVideoId());
        var id = uploads.JobId;
        var variant = VideosVariant.Of(http);
        var upstream = http.RequestServices.GetRequiredService<IOptions<Providers.UpstreamOptions>>().Value;
        // A model listed in Upstream:Models is forwarded as it is (docs/providers.md); any other is one of Reelforge's own.
        var model = form.String("model") is { } asked && upstream.Configured && upstream.Models.Contains(asked, StringComparer.Ordinal) ? asked : variant.Model(form, o);
        if (TimelineRequests.Read(form, o, allowGenerate: upstream.Configured) is { } timeline)
        {
            // A full timeline replaces the prompt.
            return await SubmitAsync(http, engine, uploads, await TimelineRequests.SpecAsync(timeline, form.String("prompt") ?? "", model, id, blobs, o, ct), submission, ct);
        }
        if (form.String("template") is { } templateId)
        {
            var template = http.RequestServices.GetRequiredService<TemplateLibrary>().Find(templateId)
                ?? throw new ApiErrorException(ApiError.Invalid("template", $"There is no template '{templateId}'; GET /v1/templates lists them."));
            return await SubmitAsync(http, engine, uploads,
                await TemplateRequests.SpecAsync(template, form.Fields["inputs"] as System.Text.Json.Nodes.JsonObject, "inputs", id, model, blobs, o, ct), submission, ct, timelineParam: "inputs");
        }
        var prompt = VideoRequests.Prompt(form, o);
        var style = form.String("style") ?? "slides";
        if (!PromptPlanner.Styles.Contains(style))
        {
            throw new ApiErrorException(ApiError.Invalid("style", "'style' must be 'slides' or 'story'."));
        }
        var theme = form.String("theme");
        if (theme is not null && !Themes.Names.Contains(theme))
        {
            throw new ApiErrorException(ApiError.Invalid("theme", $"'theme' must be one of {string.Join(", ", Themes.Names)}."));
        }
        var seconds = style == "story"
            ? VideoRequests.StorySeconds(prompt, "prompt", o)
            : VideoRequests.Seconds(form, o, o.MaxSeconds, variant.DefaultSeconds(model, o));
        var (width, height) = VideoRequests.Size(form, o);
        var (blob, url) = await variant.InputReferenceAsync(form, id, blobs, o, ct);
        // `@name` brings in a stored character: its picture opens the video unless an input_reference does.
        var characters = await http.RequestServices.GetRequiredService<Characters>().MentionedAsync(Caller.AccountId(http), prompt, ct);
        if (characters.Count > 0 && blob is null && url is null)
        {
            blob = await http.RequestServices.GetRequiredService<Characters>().CopyPictureAsync(characters[0], id, ct);
        }
        var spec = new VideoSpec
        {
            Prompt = prompt, Model = model, Seconds = seconds, Width = width, Height = height,
            InputReferenceBlob = blob, InputReferenceUrl = url, Style = style == "slides" ? null : style, Theme = theme,
            Characters = characters.Count > 0 ? characters.Select(c => c.Character.Id).ToList() : null,
            // The theme (when not named), palette and choices are the seed's; the same seed gives the same video.
            Seed = form.Integer("seed"),
        };
        spec = ProviderRequests.Read(form, http.RequestServices, spec);
        return await SubmitAsync(http, engine, uploads, spec, submission, ct);
    }

    public static async Task<IResult> RemixAsync(string id, HttpContext http, JobEngine engine, IJobStore store, IBlobStore blobs, IOptions<VideosOptions> options, CancellationToken ct)
    {
        var form = await RequestForm.ReadAsync(http.Request, ct);
        var submission = SubmissionOf(http, form);
        var prompt = VideoRequests.Prompt(form, options.Value);
        var source = await CompletedSourceAsync(store, id, Caller.AccountId(http), "it cannot be remixed", ct);
        // Same model, length, size and palette; a new prompt.
        var spec = source.Spec with
        {
            Prompt = prompt, RemixedFromId = source.Id, ExtendsVideoId = null, InputReferenceBlob = null, InputReferenceUrl = null,
            Seed = source.Spec.Seed ?? PromptPlanner.SeedOf(source.Spec.Prompt),
        };
        await using var uploads = new PendingUploads(blobs, JobIds.NewVideoId());
        return await SubmitAsync(http, engine, uploads, spec, submission, ct);
    }

    public static async Task<IResult> ExtendAsync(HttpContext http, JobEngine engine, IJobStore store, IBlobStore blobs, IOptions<VideosOptions> options, CancellationToken ct)
    {
        var o = options.Value;
        var form = await RequestForm.ReadAsync(http.Request, ct);
        var submission = SubmissionOf(http, form);
        var prompt = VideoRequests.Prompt(form, o);
        if (form.Files.ContainsKey("video"))
        {
            throw new ApiErrorException(ApiError.Invalid("video", "Extending an uploaded video is not supported; give 'video[id]' of a completed video."));
        }
        var sourceId = form.Fields["video"] is System.Text.Json.Nodes.JsonObject video ? RequestForm.StringOf(video, "id") : null;
        if (string.IsNullOrEmpty(sourceId))
        {
            throw new ApiErrorException(ApiError.Missing("video[id]"));
        }
        var source = await CompletedSourceAsync(store, sourceId, Caller.AccountId(http), "it cannot be extended", ct);
        var sourceSeconds = (int)Math.Round(source.Outputs!.DurationSeconds);
        var added = VideoRequests.Seconds(form, o, Math.Max(1, o.MaxSeconds - sourceSeconds));
        // `seconds` reports the stitched total, as OpenAI's extensions do.
        var spec = source.Spec with
        {
            Prompt = prompt, Seconds = sourceSeconds + added, ExtendsVideoId = source.Id, RemixedFromId = null,
            InputReferenceBlob = null, InputReferenceUrl = null,
            Seed = source.Spec.Seed ?? PromptPlanner.SeedOf(source.Spec.Prompt),
        };
        await using var uploads = new PendingUploads(blobs, JobIds.NewVideoId());
        return await SubmitAsync(http, engine, uploads, spec, submission with { BillableSeconds = added }, ct);
    }

    /// <summary>
    /// The video. With `If-None-Match` of its current ETag: 304. With `wait=N` (at most 60) on an
    /// unfinished video whose ETag the client already has: answers as soon as it changes, or after N s.
    /// </summary>
    public static async Task<IResult> GetAsync(string id, string? wait, HttpContext http, IJobStore store, JobChanges changes, VideoViews views,
        IOptions<VideosOptions> options, TimeProvider time, CancellationToken ct)
    {
        // Parsed here, not bound as int: a bad value must get the error envelope, not a bare 400.
        var seconds = 0;
        if (wait is not null && (!int.TryParse(wait, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out seconds) || seconds > 60))
        {
            throw new ApiErrorException(ApiError.Invalid("wait", "'wait' must be a whole number of seconds from 0 to 60."));
        }
        var account = Caller.AccountId(http);
        var known = http.Request.Headers.IfNoneMatch.ToString();
        var deadline = time.GetUtcNow().AddSeconds(seconds);
        while (true)
        {
            // Only a long-poll takes a waiter: plain polls stay allocation-light.
            var changed = seconds > 0 ? changes.Next(id) : null;
            var job = await store.GetAsync(id, account, ct) ?? throw new ApiErrorException(ApiError.VideoNotFound(id));
            var etag = views.ETag(job);
            var remaining = deadline - time.GetUtcNow();
            if (known != etag || job.Stage.IsTerminal() || remaining <= TimeSpan.Zero)
            {
                http.Response.Headers.ETag = etag;
                return known == etag ? Results.StatusCode(StatusCodes.Status304NotModified) : VideoResult(http, job, views, options.Value);
            }
            await Task.WhenAny(changed!, Task.Delay(remaining, time, ct));
        }
    }

    public static async Task<IResult> ListAsync(HttpContext http, IJobStore store, VideoViews views, string? after, string? limit, string? order, CancellationToken ct)
    {
        var take = Paging.Limit(limit);
        if (order is not (null or "asc" or "desc"))
        {
            throw new ApiErrorException(ApiError.Invalid("order", "'order' must be 'asc' or 'desc'."));
        }
        var page = await store.ListAsync(Caller.AccountId(http), string.IsNullOrEmpty(after) ? null : after, take, order == "asc", ct);
        var data = page.Items.Select(job => views.Of(job, http.Request)).ToList();
        return VideosVariant.Of(http).List(CursorList.Of(data, v => v.Id, page.HasMore));
    }

    public static async Task<IResult> DeleteAsync(string id, HttpContext http, JobEngine engine, CancellationToken ct) =>
        await engine.DeleteAsync(id, Caller.AccountId(http), ct)
            ? Results.Json(new VideoDeleted(id, true), ServerJson.Wire.VideoDeleted)
            : throw new ApiErrorException(ApiError.VideoNotFound(id));

    public static async Task<IResult> ContentAsync(string id, string? variant, HttpContext http, IJobStore store, IBlobStore blobs, CancellationToken ct)
    {
        var job = await store.GetAsync(id, Caller.AccountId(http), ct) ?? throw new ApiErrorException(ApiError.VideoNotFound(id));
        var outputs = Completed(job, "its content cannot be downloaded").Outputs!;
        var (key, contentType, extension) = (variant ?? "video") switch
        {
            "video" => (outputs.VideoKey, "video/mp4", "mp4"),
            "thumbnail" => (outputs.ThumbnailKey, "image/webp", "webp"),
            "spritesheet" => (outputs.SpritesheetKey, "image/jpeg", "jpg"),
            _ => throw new ApiErrorException(ApiError.Invalid("variant", "'variant' must be 'video', 'thumbnail' or 'spritesheet'.")),
        };
        return await Files.BlobDownload.ServeAsync(http, blobs, key, contentType, $"{id}.{extension}",
            new ApiError(404, "content_missing", $"The {variant ?? "video"} of '{id}' is no longer stored."), ct);
    }

    /// <summary>The idempotency key and webhook URL, checked before anything is stored.</summary>
    internal static Submission SubmissionOf(HttpContext http, RequestForm form)
    {
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length > 255)
        {
            throw new ApiErrorException(ApiError.Invalid("Idempotency-Key", "The Idempotency-Key header may be at most 255 characters."));
        }
        var webhookUrl = WebhookTargets.Optional(form, "webhook_url", http.RequestServices.GetRequiredService<IOptions<WebhooksOptions>>().Value);
        return new Submission(key.Length == 0 ? null : key, webhookUrl, Compat.Dialects.NameOf(http));
    }

    internal static async Task<IResult> SubmitAsync(HttpContext http, JobEngine engine, PendingUploads uploads, VideoSpec spec, Submission submission, CancellationToken ct,
        string timelineParam = "timeline")
    {
        AssetTargets.Check(spec, http.RequestServices.GetRequiredService<IOptions<Rendering.AssetOptions>>().Value, timelineParam: timelineParam);
        var (job, created) = await engine.SubmitAsync(uploads.JobId, Caller.AccountId(http), spec, submission, ct);
        if (created)
        {
            uploads.Keep();
        }
        // Otherwise the same key made a job before: answer with it; what this request uploaded is dropped.
        return VideosVariant.Of(http).Video(http.RequestServices.GetRequiredService<VideoViews>().Of(job, http.Request));
    }

    internal static async Task<Job> CompletedSourceAsync(IJobStore store, string id, string accountId, string what, CancellationToken ct)
    {
        var source = await store.GetAsync(id, accountId, ct) ?? throw new ApiErrorException(ApiError.VideoNotFound(id));
        return Completed(source, what);
    }

    private static Job Completed(Job job, string what) => job switch
    {
        { ExpiredAt: not null } => throw new ApiErrorException(ApiError.Expired(job.Id)),
        { Stage: JobStage.Completed, Outputs: not null } => job,
        { Stage: var stage } when stage.IsTerminal() => throw new ApiErrorException(ApiError.Unfinishable(job.Id, what)),
        _ => throw new ApiErrorException(ApiError.NotReady(job.Id, what + " yet")),
    };

    private static IResult VideoResult(HttpContext http, Job job, VideoViews views, VideosOptions options)
    {
        if (!job.Stage.IsTerminal())
        {
            http.Response.Headers["openai-poll-after-ms"] = options.PollAfterMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return VideosVariant.Of(http).Video(views.Of(job, http.Request));
    }
}
