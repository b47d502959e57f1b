using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Reelforge.Blobs;
using Reelforge.Server.Api;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Compat.Poe;

/// <summary>
/// How Poe's video routes differ from the native ones: `model` required and Poe's bot names,
/// Veo's 8 s default, `input_image` (bare base64) as the first frame, `seconds` as an integer and
/// `usage` once completed.
/// </summary>
public sealed class PoeVideos : AdjustedVideosVariant
{
    public static readonly PoeVideos Instance = new();

    /// <summary>Poe's video bots (its `model` values); Reelforge renders all of them the same way.</summary>
    public static readonly IReadOnlyList<string> Bots = ["Sora-2", "Sora-2-Pro", "Veo-2", "Veo-3", "Veo-3-Fast", "Veo-3.1", "Veo-3.1-Fast"];

    /// <summary>Poe requires `model`; its bot names are accepted beside the native ones.</summary>
    public override string Model(RequestForm form, VideosOptions options)
    {
        var model = form.String("model");
        if (string.IsNullOrEmpty(model))
        {
            throw new ApiErrorException(ApiError.Missing("model"));
        }
        return Bots.Contains(model, StringComparer.Ordinal) ? model : VideoRequests.Model(form, options);
    }

    /// <summary>4 s for OpenAI's models, 8 s for Google's (Veo), as Poe documents.</summary>
    public override int DefaultSeconds(string model, VideosOptions options) =>
        model.StartsWith("Veo", StringComparison.Ordinal) ? 8 : options.DefaultSeconds;

    /// <summary>Poe's JSON form: `input_image`, a bare base64 string (or a data URL); an uploaded `input_reference` comes first.</summary>
    public override async Task<(string? Blob, string? Url)> InputReferenceAsync(RequestForm form, string jobId, IBlobStore blobs, VideosOptions options, CancellationToken ct)
    {
        if (!form.Files.ContainsKey("input_reference") && form.String("input_image") is { Length: > 0 } base64)
        {
            var image = DataUrls.Decode(base64, "input_image", options.MaxDataUrlBytes, bareBase64: true);
            return (await VideoRequests.StoreImageAsync(image, jobId, blobs, "input_image", ct), null);
        }
        return await base.InputReferenceAsync(form, jobId, blobs, options, ct);
    }

    protected override void Adjust(JsonObject video)
    {
        var seconds = int.Parse(video["seconds"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        video["seconds"] = seconds;
        // Poe does not document the shape: the seconds rendered and the points (credits) they cost.
        video["usage"] = video["status"]!.GetValue<string>() == "completed"
            ? new JsonObject { ["seconds"] = seconds, ["points"] = video["credits"]?["charged"]?.DeepClone() }
            : null;
    }
}

/// <summary>Poe's error envelope: OpenAI's, with Poe's `type` words (402 `insufficient_credits`, 404 `not_found`).</summary>
public sealed class PoeErrorShape : IErrorShape
{
    public static readonly PoeErrorShape Instance = new();

    public IResult Render(ApiError error)
    {
        var body = new JsonObject
        {
            ["message"] = error.Message,
            ["type"] = TypeOf(error.Status),
            ["code"] = error.Code == "invalid_value" ? "invalid_parameter" : error.Code,
        };
        if (error.Param is not null)
        {
            body["param"] = error.Param;
        }
        return Results.Json(new JsonObject { ["error"] = body }, ServerJson.Wire.JsonObject, statusCode: error.Status);
    }

    public static string TypeOf(int status) => status switch
    {
        401 => "authentication_error",
        402 => "insufficient_credits",
        404 => "not_found",
        _ => OpenAiErrors.TypeOf(status),
    };
}
