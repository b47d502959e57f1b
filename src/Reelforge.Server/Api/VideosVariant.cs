using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Reelforge.Blobs;

namespace Reelforge.Server.Api;

/// <summary>
/// Endpoint metadata for the OpenAI-shaped video routes, which Poe copies: which models a create
/// may name, where its first-frame image may come from, and how a Video object is written. The
/// native API and `/compat/poe` map the same handlers with a different one of these. (Which
/// dialect made a job is the route's <see cref="Compat.Dialect"/>, not this.)
/// </summary>
public abstract class VideosVariant
{
    public static readonly VideosVariant OpenAi = new OpenAiVariant();

    /// <summary>The model of a create, or a 400 naming `model`.</summary>
    public virtual string Model(RequestForm form, VideosOptions options) => VideoRequests.Model(form, options);

    public virtual int DefaultSeconds(string model, VideosOptions options) => options.DefaultSeconds;

    /// <summary>The first-frame image as (blob, url); OpenAI's `input_reference` unless the variant takes another field.</summary>
    public virtual Task<(string? Blob, string? Url)> InputReferenceAsync(RequestForm form, string jobId, IBlobStore blobs, VideosOptions options, CancellationToken ct) =>
        VideoRequests.InputReferenceAsync(form, jobId, blobs, options, ct);

    public abstract IResult Video(VideoObject video);

    public abstract IResult List(CursorList<VideoObject> page);

    public static VideosVariant Of(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<VideosVariant>() ?? OpenAi;

    private sealed class OpenAiVariant : VideosVariant
    {
        public override IResult Video(VideoObject video) => Results.Json(video, ServerJson.Wire.VideoObject);

        public override IResult List(CursorList<VideoObject> page) => Results.Json(page, ServerJson.Wire.CursorListVideoObject);
    }
}

/// <summary>A variant that writes the Video object as OpenAI does, then adjusts it.</summary>
public abstract class AdjustedVideosVariant : VideosVariant
{
    protected abstract void Adjust(JsonObject video);

    public override IResult Video(VideoObject video) => Results.Json(Node(video), ServerJson.Wire.JsonObject);

    public override IResult List(CursorList<VideoObject> page)
    {
        var node = (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(page with { Data = [] }, ServerJson.Wire.CursorListVideoObject)!;
        node["data"] = new JsonArray(page.Data.Select(v => (JsonNode)Node(v)).ToArray());
        return Results.Json(node, ServerJson.Wire.JsonObject);
    }

    private JsonObject Node(VideoObject video)
    {
        var node = (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(video, ServerJson.Wire.VideoObject)!;
        Adjust(node);
        return node;
    }
}
