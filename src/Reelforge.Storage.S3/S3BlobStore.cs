using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Reelforge.Blobs;

namespace Reelforge.Storage.S3;

/// <summary>
/// Blobs in one bucket of any S3-compatible service, every key under <see cref="S3BlobOptions.Prefix"/>.
/// Uploads are read from disk (a file above one part goes up in parts, one part in memory at a
/// time at most); reads stream from the bucket. Bodies are sent plainly, not in aws-chunked
/// encoding (the SDK's default), which s3rver stores as is and other S3-compatible services refuse.
/// </summary>
internal sealed partial class S3BlobStore(IAmazonS3 s3, S3BlobOptions options, TimeProvider time, ILogger<S3BlobStore> logger) : IBlobStore, IDisposable
{
    private readonly string _bucket = options.Bucket;
    private readonly string _prefix = options.NormalizedPrefix;

    public bool IsShared => true;

    public async Task PutFileAsync(string key, string localPath, CancellationToken ct)
    {
        var length = new FileInfo(localPath).Length;
        if (length > options.PartSizeBytes)
        {
            await PutInPartsAsync(key, localPath, length, ct);
        }
        else
        {
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _bucket, Key = _prefix + key, FilePath = localPath, ContentType = BlobContentTypes.Of(key), UseChunkEncoding = false,
            }, ct);
        }
        // The interface's contract is a move: the scratch copy is not needed any more.
        File.Delete(localPath);
    }

    public async Task PutBytesAsync(string key, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        using var body = new MemoryStream(bytes.ToArray(), writable: false);
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket, Key = _prefix + key, InputStream = body, ContentType = BlobContentTypes.Of(key), AutoCloseStream = false, UseChunkEncoding = false,
        }, ct);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct) => GetAsync(key, null, ct);

    public Task<Stream?> OpenRangeAsync(string key, long offset, long length, CancellationToken ct) =>
        length <= 0 ? Task.FromResult<Stream?>(new MemoryStream([], writable: false)) : GetAsync(key, new ByteRange(offset, offset + length - 1), ct);

    public async Task<BlobInfo?> GetInfoAsync(string key, CancellationToken ct)
    {
        try
        {
            var head = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = _prefix + key }, ct);
            return new BlobInfo(head.ContentLength, Utc(head.LastModified));
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<Uri?> GetDownloadUrlAsync(string key, DateTimeOffset expires, string contentType, CancellationToken ct)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _bucket,
            Key = _prefix + key,
            Verb = HttpVerb.GET,
            // SigV4 presigned URLs live at most 7 days.
            Expires = Min(expires, time.GetUtcNow().AddDays(7)).UtcDateTime,
            Protocol = options.ServiceUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? Protocol.HTTP : Protocol.HTTPS,
        };
        request.ResponseHeaderOverrides.ContentType = contentType;
        return new Uri(await s3.GetPreSignedURLAsync(request));
    }

    public async Task<string?> GetLocalFileAsync(string key, string scratchDirectory, CancellationToken ct)
    {
        await using var source = await OpenReadAsync(key, ct);
        if (source is null)
        {
            return null;
        }
        Directory.CreateDirectory(scratchDirectory);
        // One name per key, so a retried job finds the copy it made before.
        var target = Path.Combine(scratchDirectory, "blob-" + key.Replace('/', '_'));
        var temp = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await source.CopyToAsync(file, ct);
        }
        File.Move(temp, target, overwrite: true);
        return target;
    }

    private async Task<Stream?> GetAsync(string key, ByteRange? range, CancellationToken ct)
    {
        try
        {
            var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = _prefix + key, ByteRange = range }, ct);
            // Never more than asked for, whatever the service sends (s3rver answers `bytes=0-0` with the whole object).
            return range is null ? new ResponseStream(response) : new LimitedStream(new ResponseStream(response), range.End - range.Start + 1);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>A multipart upload read from disk one part at a time; aborted on any failure so no parts are left billed.</summary>
    private async Task PutInPartsAsync(string key, string localPath, long length, CancellationToken ct)
    {
        var started = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _bucket, Key = _prefix + key, ContentType = BlobContentTypes.Of(key),
        }, ct);
        try
        {
            var parts = new List<PartETag>();
            for (long position = 0, number = 1; position < length; position += options.PartSizeBytes, number++)
            {
                var part = await s3.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = _bucket, Key = _prefix + key, UploadId = started.UploadId, PartNumber = (int)number,
                    FilePath = localPath, FilePosition = position, PartSize = Math.Min(options.PartSizeBytes, length - position), UseChunkEncoding = false,
                }, ct);
                parts.Add(new PartETag((int)number, part.ETag));
            }
            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _bucket, Key = _prefix + key, UploadId = started.UploadId, PartETags = parts,
            }, ct);
            Log.UploadedInParts(logger, key, parts.Count, length);
        }
        catch
        {
            await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = _prefix + key, UploadId = started.UploadId },
                CancellationToken.None);
            throw;
        }
    }

    private static DateTimeOffset Utc(DateTime? at) =>
        at is { } t ? new DateTimeOffset(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc), TimeSpan.Zero) : DateTimeOffset.MinValue;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    public void Dispose() => s3.Dispose();
}
