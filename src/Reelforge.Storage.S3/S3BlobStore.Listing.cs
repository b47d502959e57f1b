using System.Runtime.CompilerServices;
using Amazon.S3.Model;
using Reelforge.Blobs;

namespace Reelforge.Storage.S3;

internal sealed partial class S3BlobStore
{
    /// <summary>DeleteObjects takes at most 1,000 keys, as many as one ListObjectsV2 page holds.</summary>
    private const int DeleteBatch = 1000;

    /// <summary>Failed delete requests tolerated before a prefix that will not empty is reported.</summary>
    private const int DeleteFailures = 3;

    /// <summary>
    /// Lists the first page under the prefix and deletes it, until nothing is listed: no
    /// continuation token to keep across deletes, and a request that fails (S3 reports per-key
    /// errors such as SlowDown, or a 5xx) is tried again by the next round, which lists only what
    /// is still there.
    /// </summary>
    public async Task DeletePrefixAsync(string prefix, CancellationToken ct)
    {
        var failures = 0;
        while (true)
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = _prefix + prefix, MaxKeys = DeleteBatch }, ct);
            if (page.S3Objects is not { Count: > 0 } objects)
            {
                return;
            }
            if (await TryDeleteAsync([.. objects.Select(o => new KeyVersion { Key = o.Key })], ct) is { } failed && ++failures == DeleteFailures)
            {
                throw new IOException($"The bucket kept refusing to delete objects under '{prefix}' ({DeleteFailures} failed requests).", failed);
            }
        }
    }

    public async IAsyncEnumerable<BlobEntry> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = _prefix + prefix };
        while (true)
        {
            var page = await s3.ListObjectsV2Async(request, ct);
            foreach (var o in page.S3Objects ?? [])
            {
                yield return new BlobEntry(o.Key[_prefix.Length..], o.Size ?? 0, Utc(o.LastModified));
            }
            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }
            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    /// <summary>Keys come back in order, so a job's objects are consecutive: each job is yielded when the next one starts.</summary>
    public async IAsyncEnumerable<(string JobId, DateTimeOffset LastWritten)> ListJobsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        const string jobs = "jobs/";
        string? current = null;
        var last = DateTimeOffset.MinValue;
        await foreach (var entry in ListAsync(jobs, ct))
        {
            var slash = entry.Key.IndexOf('/', jobs.Length);
            if (slash < 0)
            {
                continue; // an object directly under jobs/ belongs to no job
            }
            var jobId = entry.Key[jobs.Length..slash];
            if (jobId != current)
            {
                if (current is not null)
                {
                    yield return (current, last);
                }
                (current, last) = (jobId, entry.LastModified);
            }
            else if (entry.LastModified > last)
            {
                last = entry.LastModified;
            }
        }
        if (current is not null)
        {
            yield return (current, last);
        }
    }

    private async Task<Exception?> TryDeleteAsync(List<KeyVersion> keys, CancellationToken ct)
    {
        try
        {
            var response = await s3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = _bucket, Objects = [.. keys], Quiet = true }, ct);
            return response.DeleteErrors is { Count: > 0 } errors
                ? new IOException($"The bucket refused to delete {errors.Count} of {keys.Count} objects, e.g. {errors[0].Key}: {errors[0].Code} {errors[0].Message}")
                : null;
        }
        catch (Amazon.S3.AmazonS3Exception ex) when ((int)ex.StatusCode >= 500)
        {
            return ex;
        }
    }
}
