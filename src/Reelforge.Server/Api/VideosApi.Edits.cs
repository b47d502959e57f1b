using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Reelforge.Blobs;
using Reelforge.Engine;
using Reelforge.Jobs;
using Reelforge.Planning;
using Reelforge.Server.Auth;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Api;

/// <summary>The rest of the OpenAI SDK's videos resource: edits and characters.</summary>
public static partial class VideosApi
{
    /// <summary>
    /// `POST /v1/videos/edits` `{prompt, video:{id}}`: a new video re-planned from the new prompt
    /// with everything else of the source kept: model, size, length, style, theme, seed and its
    /// first-frame image. (A remix keeps model, length, size and palette, and drops the image.)
    /// </summary>
    public static async Task<IResult> EditAsync(HttpContext http, JobEngine engine, IJobStore store, IBlobStore blobs, IOptions<VideosOptions> options, CancellationToken ct)
    {
        var form = await RequestForm.ReadAsync(http.Request, ct);
        var submission = SubmissionOf(http, form);
        var prompt = VideoRequests.Prompt(form, options.Value);
        if (form.Files.ContainsKey("video"))
        {
            throw new ApiErrorException(ApiError.Invalid("video", "Editing an uploaded video is not supported; give 'video[id]' of a completed video."));
        }
        var sourceId = form.Fields["video"] is System.Text.Json.Nodes.JsonObject video ? RequestForm.StringOf(video, "id") : null;
        if (string.IsNullOrEmpty(sourceId))
        {
            throw new ApiErrorException(ApiError.Missing("video[id]"));
        }
        var source = await CompletedSourceAsync(store, sourceId, Caller.AccountId(http), "it cannot be edited", ct);
        await using var uploads = new PendingUploads(blobs, JobIds.NewVideoId());
        var id = uploads.JobId;
        // The new video gets its own copy of the image: deleting the source must not break it.
        string? image = null;
        if (source.Spec.InputReferenceBlob is { } key && await blobs.OpenReadAsync(key, ct) is { } stream)
        {
            await using (stream)
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, ct);
                image = BlobKeys.Output(id, "input" + Path.GetExtension(key));
                await blobs.PutBytesAsync(image, buffer.ToArray(), ct);
            }
        }
        var seconds = source.Outputs is { } outputs && (source.Spec.Timeline is not null || source.Spec.Style == "story")
            ? Math.Max(1, (int)Math.Round(outputs.DurationSeconds))
            : source.Spec.Seconds;
        var spec = source.Spec with
        {
            Prompt = prompt, Seconds = seconds, RemixedFromId = source.Id, ExtendsVideoId = null, InputReferenceBlob = image,
            // A timeline or template source is re-planned from the prompt at its size and length.
            Timeline = null, TemplateId = null, SlidesOnly = false,
            Seed = source.Spec.Seed ?? PromptPlanner.SeedOf(source.Spec.Prompt),
        };
        return await SubmitAsync(http, engine, uploads, spec, submission, ct);
    }

    /// <summary>`POST /v1/videos/characters`, multipart `name` + `video` (a clip, or an image).</summary>
    public static async Task<IResult> CreateCharacterAsync(HttpContext http, Characters characters, IOptions<VideosOptions> options, TimeProvider time, CancellationToken ct)
    {
        var form = await RequestForm.ReadAsync(http.Request, ct);
        form.Files.TryGetValue("video", out var upload);
        var created = await characters.CreateAsync(Caller.AccountId(http), form.String("name"), upload, options.Value, time, ct);
        return Results.Json(created, ServerJson.Wire.CharacterObject);
    }

    /// <summary>`GET /v1/videos/characters/{id}`.</summary>
    public static async Task<IResult> GetCharacterAsync(string id, HttpContext http, Characters characters, CancellationToken ct) =>
        await characters.GetAsync(Caller.AccountId(http), id, ct) is { } found
            ? Results.Json(found.Character, ServerJson.Wire.CharacterObject)
            : throw new ApiErrorException(new ApiError(404, "not_found", $"Character '{id}' not found."));
}
