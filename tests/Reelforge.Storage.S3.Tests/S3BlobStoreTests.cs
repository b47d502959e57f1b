using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Reelforge.Blobs;

[assembly: AssemblyFixture(typeof(Reelforge.Storage.S3.Tests.S3rverFixture))]

namespace Reelforge.Storage.S3.Tests;

/// <summary>The conformance suite on a bucket of a real s3rver, every key under a prefix; plus what only S3 has.</summary>
public sealed class S3BlobStoreTests(S3rverFixture s3) : BlobStoreConformance
{
    private const string Prefix = "reelforge/";
    private readonly RecordingLogger _log = new();
    private string _bucket = "";

    protected override async Task<IBlobStore> CreateStoreAsync()
    {
        _bucket = await s3.Server.NewBucketAsync();
        var options = Options();
        return new S3BlobStore(S3BlobRegistration.CreateClient(options), options, TimeProvider.System, _log);
    }

    private S3BlobOptions Options() => new()
    {
        ServiceUrl = s3.Server.ServiceUrl.ToString(), Bucket = _bucket, AccessKey = S3rver.AccessKey, SecretKey = S3rver.SecretKey,
        ForcePathStyle = true, Prefix = "/reelforge", PartSizeMegabytes = 5,
    };

    [Fact]
    public async Task EveryKey_LivesUnderThePrefix_InTheBucket()
    {
        await Store.PutBytesAsync("jobs/p/video.mp4", "x"u8.ToArray(), Ct);

        using var client = s3.Server.Client();
        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket }, Ct);
        Assert.Equal("reelforge/jobs/p/video.mp4", Assert.Single(listed.S3Objects).Key);
        Assert.Equal("video/mp4", (await client.GetObjectMetadataAsync(_bucket, Prefix + "jobs/p/video.mp4", Ct)).Headers.ContentType);
    }

    [Fact]
    public async Task AFileLargerThanAPart_GoesUpInParts()
    {
        await Store.PutFileAsync("jobs/m/video.mp4", Scratch("m.mp4", new byte[LargeFileBytes]), Ct);

        Assert.Contains(_log.Lines, l => l == "Stored jobs/m/video.mp4 in 3 parts (" + LargeFileBytes + " bytes)");
    }

    [Fact]
    public async Task ListingAndDeletePrefix_GoPastOnePageOfAThousand()
    {
        using var client = s3.Server.Client();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1005), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct }, async (i, ct) =>
            await client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = $"{Prefix}jobs/many/{i:D4}.jpg", ContentBody = "x" }, ct));

        Assert.Equal(1005, (await ListAsync("jobs/many/")).Count);
        await Store.DeletePrefixAsync("jobs/many/", Ct);

        Assert.Empty(await ListAsync("jobs/"));
    }

    [Fact]
    public void Settings_ThatCannotWork_AreRefused_WithoutQuotingTheSecret()
    {
        var secret = "do-not-print-" + Guid.NewGuid().ToString("N");
        var problems = new[]
        {
            new S3BlobOptions { Bucket = "" , SecretKey = secret, AccessKey = "a" }.Problem(),
            new S3BlobOptions { Bucket = "b", ServiceUrl = "ftp://x", SecretKey = secret, AccessKey = "a" }.Problem(),
            new S3BlobOptions { Bucket = "b", SecretKey = secret }.Problem(),
            new S3BlobOptions { Bucket = "b", PartSizeMegabytes = 1 }.Problem(),
        };
        Assert.All(problems, p => Assert.DoesNotContain(secret, Assert.IsType<string>(p), StringComparison.Ordinal));
        Assert.DoesNotContain(secret, new S3BlobOptions { Bucket = "b", AccessKey = "a", SecretKey = secret }.ToString(), StringComparison.Ordinal);
        Assert.Null(new S3BlobOptions { Bucket = "b" }.Problem());
    }

    private sealed class RecordingLogger : ILogger<S3BlobStore>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception));
            }
        }
    }
}
