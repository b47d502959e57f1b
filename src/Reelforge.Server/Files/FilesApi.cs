using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Reelforge.Blobs;
using Reelforge.Server.Errors;

namespace Reelforge.Server.Files;

/// <summary>
/// Serves stored outputs to whoever holds a signed URL: no API key, Range requests, the right
/// content type; from whichever blob store holds them, so any node answers. With
/// `Files:Delivery=redirect` the answer is a 302 to the blob store's own URL for the file, which
/// expires when the signed URL does.
/// </summary>
public static class FilesApi
{
    private static readonly ApiError Gone = new(404, "not_found", "This file is no longer stored.");

    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(FileUrls.RoutePrefix + "{**key}", ServeAsync).WithMetadata(OpenAiErrorShape.Instance);
        return app;
    }

    public static async Task<IResult> ServeAsync(string key, string? expires, string? signature, FileUrls urls, IBlobStore blobs, IOptions<FilesOptions> options,
        HttpContext http, TimeProvider time, CancellationToken ct)
    {
        if (!urls.IsValid(key, expires, signature))
        {
            throw new ApiErrorException(new ApiError(403, "invalid_signature", "This file URL is expired or was altered; fetch the video again for fresh URLs."));
        }
        var contentType = BlobContentTypes.Of(key);
        var expiresAt = long.Parse(expires!, CultureInfo.InvariantCulture);
        // Cacheable by the client until the URL expires; never by a shared cache (the URL is a credential).
        http.Response.Headers.CacheControl = "private, max-age=" + Math.Max(0, expiresAt - time.GetUtcNow().ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        if (options.Value.Redirects)
        {
            // Checked first, so a deleted file is this API's 404 and not the bucket's XML.
            if (await blobs.GetInfoAsync(key, ct) is null)
            {
                throw new ApiErrorException(Gone);
            }
            if (await blobs.GetDownloadUrlAsync(key, DateTimeOffset.FromUnixTimeSeconds(expiresAt), contentType, ct) is { } direct)
            {
                return Results.Redirect(direct.AbsoluteUri);
            }
        }
        return await BlobDownload.ServeAsync(http, blobs, key, contentType, downloadName: null, Gone, ct);
    }
}
