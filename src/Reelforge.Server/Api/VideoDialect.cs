using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Reelforge.Jobs;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Api;

/// <summary>
/// Endpoint metadata for the OpenAI-shaped video routes, which Poe copies: which models a create
/// may name, and how a Video object is written. The native API and `/compat/poe` map the same
/// handlers with a different one of these.
/// </summary>
public abstract class VideoDialect
{
    public static readonly VideoDialect OpenAi = new OpenAiVideoDialect();

    /// <summary>Stored on the job (`jobs.dialect`): whose status body its own webhook carries.</summary>
    public abstract string Name { get; }

    /// <summary>The model of a create, or a 400 naming `model`.</summary>
    public virtual string Model(RequestForm form, VideosOptions options) => VideoRequests.Model(form, options);

    public virtual int DefaultSeconds(string model, VideosOptions options) => options.DefaultSeconds;

    public abstract IResult Video(VideoObject video);

    public abstract IResult List(CursorList<VideoObject> page);

    public static VideoDialect Of(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<VideoDialect>() ?? OpenAi;

    private sealed class OpenAiVideoDialect : VideoDialect
    {
        public override string Name => "openai";

        public override IResult Video(VideoObject video) => Results.Json(video, ServerJson.Wire.VideoObject);

        public override IResult List(CursorList<VideoObject> page) => Results.Json(page, ServerJson.Wire.CursorListVideoObject);
    }
}

/// <summary>A dialect that writes the Video object as OpenAI does, then adjusts it.</summary>
public abstract class AdjustedVideoDialect : VideoDialect
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
