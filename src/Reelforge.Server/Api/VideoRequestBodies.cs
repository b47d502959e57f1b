using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Reelforge.Server.Api;

// What the video routes read, written down for the OpenAPI document only: the handlers read bodies
// with RequestForm (JSON, or multipart with bracket keys), which a generator cannot see into.

/// <summary>`POST /v1/videos`. `prompt` is required unless `timeline` or `template` is given.</summary>
public sealed record CreateVideoBody
{
    public string? Prompt { get; init; }
    /// <summary>Any name in `Videos:Models`; all render with Reelforge.</summary>
    public string? Model { get; init; }
    /// <summary>Whole seconds, 1 to `Videos:MaxSeconds`; "8" or 8.</summary>
    public string? Seconds { get; init; }
    /// <summary>WIDTHxHEIGHT, both even.</summary>
    public string? Size { get; init; }
    /// <summary>An uploaded JPEG/PNG/WebP (multipart), or `{image_url}` with a data URL or an http(s) URL.</summary>
    public ImageReference? InputReference { get; init; }
    /// <summary>Reelforge: video.completed or video.failed is POSTed here, signed.</summary>
    public string? WebhookUrl { get; init; }
    /// <summary>Reelforge: a full timeline in place of `prompt` (docs/timeline.md).</summary>
    public JsonObject? Timeline { get; init; }
    /// <summary>Reelforge: `slides` (default) or `story` (narrated, with captions).</summary>
    public string? Style { get; init; }
    /// <summary>Reelforge: bold, minimal, neon, paper or corporate.</summary>
    public string? Theme { get; init; }
    /// <summary>Reelforge: the same seed gives the same video.</summary>
    public int? Seed { get; init; }
    /// <summary>Reelforge: a template id (GET /v1/templates) in place of `prompt`, with its `inputs`.</summary>
    public string? Template { get; init; }
    public JsonObject? Inputs { get; init; }
}

public sealed record ImageReference(string? ImageUrl);

public sealed record VideoReference(string Id);

/// <summary>`POST /v1/videos/{id}/remix`.</summary>
public sealed record RemixVideoBody(string Prompt);

/// <summary>`POST /v1/videos/extensions`: `seconds` is what to add.</summary>
public sealed record ExtendVideoBody(string Prompt, VideoReference Video, string? Seconds);

/// <summary>`POST /v1/videos/edits`: the source re-planned with the new prompt.</summary>
public sealed record EditVideoBody(string Prompt, VideoReference Video);

/// <summary>`POST /v1/videos/characters` (multipart): `video` is a clip (MP4, MOV, WebM) or an image.</summary>
public sealed record CreateCharacterForm(string Name, IFormFile Video);
