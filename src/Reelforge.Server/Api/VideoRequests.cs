using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Reelforge.Blobs;
using Reelforge.Jobs;
using Reelforge.Rendering.Assets;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Api;

/// <summary>Turns create, remix and extension bodies into specs, or into a 400 naming the field.</summary>
public static class VideoRequests
{
    public static string Prompt(RequestForm form, VideosOptions options)
    {
        var prompt = form.String("prompt");
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new ApiErrorException(ApiError.Missing("prompt"));
        }
        if (prompt.Length > options.MaxPromptLength)
        {
            throw new ApiErrorException(ApiError.Invalid("prompt", $"'prompt' is {prompt.Length} characters; the limit is {options.MaxPromptLength}."));
        }
        return prompt;
    }

    public static string Model(RequestForm form, VideosOptions options)
    {
        var model = form.String("model") ?? options.DefaultModel;
        return options.AcceptedModels.Contains(model, StringComparer.Ordinal)
            ? model
            : throw new ApiErrorException(new ApiError(400, "model_not_found",
                $"Model '{model}' is not available. Available: {string.Join(", ", options.AcceptedModels)}.", "model"));
    }

    public static int Seconds(RequestForm form, VideosOptions options, int max, int? fallback = null)
    {
        var seconds = form.Integer("seconds") ?? fallback ?? options.DefaultSeconds;
        return seconds >= 1 && seconds <= max
            ? seconds
            : throw new ApiErrorException(ApiError.Invalid("seconds", $"'seconds' must be a whole number from 1 to {max}."));
    }

    /// <summary>
    /// The length of a narrated story: its narration's, estimated from the words, which must fit
    /// `Videos:MaxSeconds` like any other length (the story's own `seconds` is not asked for).
    /// </summary>
    public static int StorySeconds(string text, string param, VideosOptions options)
    {
        var seconds = (int)Math.Ceiling(Pipeline.TimelineNarrator.Estimate(new Timelines.Narration { Text = text }));
        return seconds <= options.MaxSeconds
            ? seconds
            : throw new ApiErrorException(ApiError.Invalid(param,
                $"'{param}' would be narrated for about {seconds} s; the limit is {options.MaxSeconds} s. Shorten the text."));
    }

    public static (int Width, int Height) Size(RequestForm form, VideosOptions options)
    {
        var size = form.String("size") ?? options.DefaultSize;
        var parts = size.Split('x');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            && w % 2 == 0 && h % 2 == 0
            && w >= options.MinDimension && h >= options.MinDimension && w <= options.MaxDimension && h <= options.MaxDimension)
        {
            return (w, h);
        }
        throw new ApiErrorException(ApiError.Invalid("size",
            $"'size' must be WIDTHxHEIGHT with even numbers from {options.MinDimension} to {options.MaxDimension}, such as 1280x720."));
    }

    /// <summary>
    /// The first-frame image: an uploaded file, a data URL (stored now, after checking it is an
    /// image), or an http(s) URL (fetched by the worker through the address guard).
    /// </summary>
    public static async Task<(string? Blob, string? Url)> InputReferenceAsync(
        RequestForm form, string jobId, IBlobStore blobs, VideosOptions options, CancellationToken ct)
    {
        if (form.Files.TryGetValue("input_reference", out var file))
        {
            return (await StoreImageAsync(await ReadCappedAsync(file, options), jobId, blobs, "input_reference", ct), null);
        }
        if (form.Fields["input_reference"] is not JsonObject reference)
        {
            return form.Fields["input_reference"] is null
                ? (null, null)
                : throw new ApiErrorException(ApiError.Invalid("input_reference", "'input_reference' must be an uploaded image or an object with 'image_url'."));
        }
        if (RequestForm.StringOf(reference, "file_id") is not null)
        {
            throw new ApiErrorException(ApiError.Invalid("input_reference", "'input_reference.file_id' is not supported: upload the image, or give 'image_url'."));
        }
        var url = RequestForm.StringOf(reference, "image_url")
            ?? throw new ApiErrorException(ApiError.Invalid("input_reference", "'input_reference' needs exactly one of 'image_url' or an uploaded file."));
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return (await StoreImageAsync(DataUrls.Decode(url, "input_reference", options.MaxDataUrlBytes), jobId, blobs, "input_reference", ct), null);
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new ApiErrorException(ApiError.Invalid("input_reference", "'input_reference.image_url' must be an http(s) URL or a data URL."));
        }
        return (null, uri.AbsoluteUri);
    }

    private static async Task<byte[]> ReadCappedAsync(IFormFile file, VideosOptions options)
    {
        if (file.Length > options.MaxUploadBytes)
        {
            throw new ApiErrorException(ApiError.TooLarge(file.Name, options.MaxUploadBytes));
        }
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary>Stores an image given in the request as the job's first frame, after checking it is one.</summary>
    public static async Task<string> StoreImageAsync(byte[] bytes, string jobId, IBlobStore blobs, string param, CancellationToken ct)
    {
        var extension = ImageCheck.ExtensionOf(bytes)
            ?? throw new ApiErrorException(ApiError.Invalid(param, $"'{param}' must be a JPEG, PNG or WebP image."));
        var key = BlobKeys.Output(jobId, "input" + extension);
        await blobs.PutBytesAsync(key, bytes, ct);
        return key;
    }
}
