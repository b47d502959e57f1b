using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Reelforge.Blobs;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Files;

/// <summary>Serves stored outputs to whoever holds a signed URL: no API key, Range requests, the right content type.</summary>
public static class FilesApi
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".mp4"] = "video/mp4", [".webp"] = "image/webp", [".jpg"] = "image/jpeg", [".png"] = "image/png",
        // SubRip has no registered type; this is the one players and browsers know. WebVTT must be UTF-8.
        [".srt"] = "application/x-subrip", [".vtt"] = "text/vtt; charset=utf-8",
    };

    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(FileUrls.RoutePrefix + "{**key}", ServeAsync).WithMetadata(OpenAiErrorShape.Instance);
        return app;
    }

    public static async Task<IResult> ServeAsync(string key, string? expires, string? signature, FileUrls urls, IBlobStore blobs, HttpContext http, TimeProvider time, CancellationToken ct)
    {
        if (!urls.IsValid(key, expires, signature))
        {
            throw new ApiErrorException(new ApiError(403, "invalid_signature", "This file URL is expired or was altered; fetch the video again for fresh URLs."));
        }
        var stream = await blobs.OpenReadAsync(key, ct) ?? throw new ApiErrorException(new ApiError(404, "not_found", "This file is no longer stored."));
        var contentType = ContentTypes.GetValueOrDefault(Path.GetExtension(key), "application/octet-stream");
        // Cacheable by the client until the URL expires; never by a shared cache (the URL is a credential).
        http.Response.Headers.CacheControl = "private, max-age=" + Math.Max(0, long.Parse(expires!, System.Globalization.CultureInfo.InvariantCulture)
            - time.GetUtcNow().ToUnixTimeSeconds()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Stream(stream, contentType, enableRangeProcessing: true);
    }
}
