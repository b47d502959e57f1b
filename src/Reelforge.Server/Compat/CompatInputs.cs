using Reelforge.Blobs;
using Reelforge.Jobs;
using Reelforge.Server.Errors;
using Reelforge.Server.Files;

namespace Reelforge.Server.Compat;

/// <summary>Media URLs the dialects take: Reelforge's own signed URLs are read from the store, others fetched by the worker.</summary>
public static class CompatInputs
{
    /// <summary>A first-frame image as (blob, url) for the spec: an own output is copied into the new job now.</summary>
    public static async Task<(string? Blob, string? Url)> FirstFrameAsync(string url, string param, string jobId, FileUrls urls, IBlobStore blobs, CancellationToken ct)
    {
        if (urls.OwnKey(url) is { } key)
        {
            await using var source = await blobs.OpenReadAsync(key, ct)
                ?? throw new ApiErrorException(ApiError.Invalid(param, $"'{param}' names a file that is no longer stored."));
            using var copy = new MemoryStream();
            await source.CopyToAsync(copy, ct);
            var target = BlobKeys.Output(jobId, "input" + Path.GetExtension(key));
            await blobs.PutBytesAsync(target, copy.ToArray(), ct);
            return (target, null);
        }
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? (null, uri.AbsoluteUri)
            : throw new ApiErrorException(ApiError.Invalid(param, $"'{param}' must be an http or https URL."));
    }

    /// <summary>The completed video of this account that an own signed video URL names.</summary>
    public static async Task<Job> OwnVideoAsync(string url, string param, string accountId, FileUrls urls, IJobStore store, CancellationToken ct)
    {
        var key = urls.OwnKey(url);
        var parts = key?.Split('/');
        if (parts is not ["jobs", var id, "video.mp4"])
        {
            throw new ApiErrorException(ApiError.Invalid(param, $"'{param}' must be the video URL of a video made by this server (an unexpired one)."));
        }
        var job = await store.GetAsync(id, accountId, ct);
        return job is { Stage: JobStage.Completed, Outputs: not null, ExpiredAt: null }
            ? job
            : throw new ApiErrorException(ApiError.Invalid(param, $"'{param}' names a video that is not available to extend."));
    }
}
