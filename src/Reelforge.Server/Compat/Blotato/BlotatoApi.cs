using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reelforge.Accounts;
using Reelforge.Blobs;
using Reelforge.Engine;
using Reelforge.Jobs;
using Reelforge.Providers;
using Reelforge.Server.Api;
using Reelforge.Server.Auth;
using Reelforge.Server.Errors;
using Reelforge.Server.Files;
using Reelforge.Server.Templates;
using Reelforge.Templates;

namespace Reelforge.Server.Compat.Blotato;

/// <summary>Blotato's routes and bodies (<see cref="BlotatoDialect"/>), under `/compat/blotato/v2/videos`.</summary>
public static class BlotatoApi
{
    private static readonly string[] DefaultFields = ["id", "title", "description"];

    public static void MapRoutes(RouteGroupBuilder blotato)
    {
        blotato.MapGet("/templates", ListTemplates).RequireScope(Scopes.TemplatesRead);
        blotato.MapPost("/from-templates", CreateAsync).RequireScope(Scopes.VideosWrite);
        blotato.MapGet("/creations/{id}", GetAsync).RequireScope(Scopes.VideosRead);
        blotato.MapDelete("/{id}", DeleteAsync).RequireScope(Scopes.VideosWrite);
    }

    /// <summary>`{"items":[…]}`, with the `fields` asked for (default id, title, description), filtered by `id` and by `search`, a regex on the name and description.</summary>
    public static IResult ListTemplates(string? fields, string? search, string? id, TemplateLibrary library)
    {
        var wanted = string.IsNullOrEmpty(fields) ? DefaultFields : fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Regex? pattern = null;
        if (!string.IsNullOrEmpty(search))
        {
            try
            {
                pattern = new Regex(search, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException ex)
            {
                throw new ApiErrorException(ApiError.Invalid("search", "search is not a valid regular expression: " + ex.Message));
            }
        }
        JsonNode[] items;
        try
        {
            items = library.All
                .Where(t => string.IsNullOrEmpty(id) || library.Find(id)?.Id == t.Id)
                .Where(t => pattern is null || pattern.IsMatch(t.Name) || pattern.IsMatch(t.Description))
                .Select(t => (JsonNode)Describe(t, wanted)).ToArray();
        }
        catch (RegexMatchTimeoutException)
        {
            // A backtracking pattern (`^(\D+)+\d$`) stops at the 100 ms limit: the caller's mistake, not the server's.
            throw new ApiErrorException(ApiError.Invalid("search", "search took too long to match (over 100 ms); use a simpler regular expression."));
        }
        return Results.Json(new JsonObject { ["items"] = new JsonArray(items) }, ServerJson.Wire.JsonObject);
    }

    private static JsonObject Describe(VideoTemplate t, IEnumerable<string> fields)
    {
        var item = new JsonObject();
        foreach (var field in fields)
        {
            item[field] = field switch
            {
                "id" => t.Id,
                "title" or "name" => t.Name,
                "description" => t.Description,
                "inputs" => new JsonArray(t.Variables.Select(v => (JsonNode)new JsonObject
                {
                    ["name"] = v.Key, ["label"] = v.Label ?? v.Key, ["type"] = v.Type, ["required"] = v.Required,
                    ["description"] = v.Description, ["default"] = v.Default?.DeepClone(),
                }).ToArray()),
                _ => null,
            };
        }
        return item;
    }

    public static async Task<IResult> CreateAsync(HttpContext http, JobEngine engine, IBlobStore blobs, TemplateLibrary library,
        IOptions<VideosOptions> options, TemplateFiller filler, CancellationToken ct)
    {
        var form = await RequestForm.ReadAsync(http.Request, ct);
        var templateId = form.String("templateId") ?? throw new ApiErrorException(ApiError.Missing("templateId"));
        var template = library.Find(templateId) ?? throw new ApiErrorException(new ApiError(404, "not_found", $"Template {templateId} not found"));
        if (form.Fields["render"] is JsonValue render && render.GetValueKind() == System.Text.Json.JsonValueKind.False
            || form.Fields["isDraft"] is JsonValue draft && draft.GetValueKind() == System.Text.Json.JsonValueKind.True)
        {
            throw new ApiErrorException(ApiError.Invalid("isDraft", "Drafts are not supported: every creation is rendered (render true, isDraft false)."));
        }
        if (form.Fields["inputs"] is not (null or JsonObject))
        {
            throw new ApiErrorException(ApiError.Invalid("inputs", "inputs must be an object."));
        }
        var inputs = (form.Fields["inputs"] as JsonObject)?.DeepClone().AsObject() ?? [];
        IReadOnlyList<string>? notes = null;
        // "AI fills inputs": whatever the caller left out is written from `prompt` (text) or found for it (pictures).
        if (form.String("prompt") is { Length: > 0 } prompt)
        {
            var (width, height) = options.Value.DefaultSize.Split('x') is [var w, var h] ? (int.Parse(w, CultureInfo.InvariantCulture), int.Parse(h, CultureInfo.InvariantCulture)) : (720, 1280);
            var (filledInputs, gap, said) = await filler.FillAsync(template, inputs, prompt, width, height, ct);
            if (gap is not null)
            {
                throw new ApiErrorException(ApiError.Invalid("inputs." + gap.Key, gap.Message));
            }
            inputs = filledInputs;
            notes = said;
        }
        await using var uploads = new PendingUploads(blobs, JobIds.NewVideoId());
        // The filler's notes (each provider call's outcome and latency) become the job's first `note` events.
        var spec = await TemplateRequests.SpecAsync(template, inputs, "inputs", uploads.JobId, options.Value.DefaultModel, blobs, options.Value, ct) with { Notes = notes };
        AssetTargets.Check(spec, http.RequestServices.GetRequiredService<IOptions<Rendering.AssetOptions>>().Value, timelineParam: "inputs");
        var (job, _) = await engine.SubmitAsync(uploads.JobId, Caller.AccountId(http), spec, new Submission(Dialect: Dialects.NameOf(http)), ct);
        uploads.Keep();
        return Results.Json(new JsonObject { ["item"] = new JsonObject { ["id"] = job.Id, ["status"] = BlotatoDialect.Status.Of(job) } },
            ServerJson.Wire.JsonObject, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> GetAsync(string id, HttpContext http, IJobStore store, FileUrls urls, TemplateLibrary library, CancellationToken ct)
    {
        var job = await store.GetAsync(id, Caller.AccountId(http), ct) ?? throw new ApiErrorException(new ApiError(404, "not_found", "Not found"));
        return Results.Json(new JsonObject { ["item"] = Item(job, urls.For(job, urls.BaseUrl(http.Request)), library) }, ServerJson.Wire.JsonObject);
    }

    public static async Task<IResult> DeleteAsync(string id, HttpContext http, JobEngine engine, CancellationToken ct) =>
        await engine.DeleteAsync(id, Caller.AccountId(http), ct) ? Results.NoContent() : throw new ApiErrorException(new ApiError(404, "not_found", "Not found"));

    /// <summary>The seed's item: `mediaUrl` once done (none for a carousel), `imageUrls` for slideshow and carousel templates.</summary>
    private static JsonObject Item(Job job, OutputUrls? links, TemplateLibrary library)
    {
        var template = job.Spec.TemplateId is { } tid ? library.Find(tid) : null;
        var slides = job.Spec.SlidesOnly || template?.Category is "slideshow" or "carousel";
        return new JsonObject
        {
            ["id"] = job.Id,
            ["status"] = BlotatoDialect.Status.Of(job),
            ["createdAt"] = IsoTime.Of(job.CreatedAt),
            ["mediaUrl"] = job.Spec.SlidesOnly ? null : links?.Video,
            ["imageUrls"] = links is not null && slides ? new JsonArray(links.Slides.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()) : null,
        };
    }
}

/// <summary>Blotato's errors, as its 404 shows them: `{"statusCode":404,"message":"Not found"}`.</summary>
public sealed class BlotatoErrorShape : IErrorShape
{
    public static readonly BlotatoErrorShape Instance = new();

    public IResult Render(ApiError error) =>
        Results.Json(new JsonObject { ["statusCode"] = error.Status, ["message"] = error.Status == 401 ? "Unauthorized" : error.Message },
            ServerJson.Wire.JsonObject, statusCode: error.Status);
}
