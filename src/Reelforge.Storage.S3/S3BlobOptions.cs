namespace Reelforge.Storage.S3;

/// <summary>
/// The `Blobs:S3` configuration section: which bucket of which S3-compatible service. A class, not a
/// record: a record's generated ToString would print <see cref="SecretKey"/>.
/// </summary>
public sealed class S3BlobOptions
{
    public const string Section = "Blobs:S3";

    /// <summary>The service's endpoint, e.g. http://127.0.0.1:9000 (MinIO). Empty: AWS S3 in <see cref="Region"/>.</summary>
    public string ServiceUrl { get; set; } = "";

    public string Bucket { get; set; } = "";

    /// <summary>The signing region; `us-east-1` suits most S3-compatible services, `auto` is Cloudflare R2's.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Empty with <see cref="SecretKey"/>: the SDK's own chain (environment, profile, instance role).</summary>
    public string AccessKey { get; set; } = "";

    public string SecretKey { get; set; } = "";

    /// <summary>`host/bucket/key` URLs instead of `bucket.host/key`: what MinIO, Garage and s3rver on one host need.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Put every key under this folder of the bucket (e.g. `reelforge/`), to share a bucket with other things.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>
    /// Files larger than this go up in parts of this size, read from disk one part at a time.
    /// S3 needs parts of at least 5 MiB.
    /// </summary>
    public int PartSizeMegabytes { get; set; } = 16;

    public long PartSizeBytes => PartSizeMegabytes * 1024L * 1024L;

    /// <summary>The prefix as stored: no leading `/`, one trailing `/` when not empty.</summary>
    internal string NormalizedPrefix => Prefix.Trim('/') is { Length: > 0 } p ? p + "/" : "";

    /// <summary>What is wrong with these settings, or null; never quotes a secret.</summary>
    internal string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Bucket))
        {
            return "Blobs:S3:Bucket is required when Blobs:Provider is s3.";
        }
        if (ServiceUrl.Length > 0 && !(Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            return "Blobs:S3:ServiceUrl must be an http:// or https:// URL.";
        }
        if (string.IsNullOrEmpty(AccessKey) != string.IsNullOrEmpty(SecretKey))
        {
            return "Blobs:S3:AccessKey and Blobs:S3:SecretKey are set together (or both left empty for the SDK's own credentials).";
        }
        if (PartSizeMegabytes is < 5 or > 5 * 1024)
        {
            return "Blobs:S3:PartSizeMegabytes must be between 5 and 5120.";
        }
        return null;
    }
}
