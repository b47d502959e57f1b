using Reelforge.Blobs;

namespace Reelforge.Core.Tests;

/// <summary>Storing a scene clip while keeping it, and fetching it back, on real files.</summary>
public sealed class BlobCheckpointTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rf-blobs-").FullName;
    private string Blobs => Path.Combine(_root, "blobs");

    [Fact]
    public async Task LocalPutCopy_KeepsTheFile_AndLinksRatherThanCopies()
    {
        var store = new LocalBlobStore(Blobs);
        var clip = await WriteAsync("work/scene-000.mp4", "clip");

        await store.PutCopyAsync("jobs/v1/scenes/scene-000.mp4", clip, CancellationToken.None);

        var stored = Path.Combine(Blobs, "jobs/v1/scenes/scene-000.mp4");
        Assert.Equal("clip", await File.ReadAllTextAsync(clip));
        // One file under two names: a write through one shows through the other (a copy would not).
        await File.AppendAllTextAsync(clip, "+");
        Assert.Equal("clip+", await File.ReadAllTextAsync(stored));
    }

    [Fact]
    public async Task LocalFetchToFile_LinksTheBlob_ReplacingWhatWasThere_AndIsFalseForNoBlob()
    {
        var store = new LocalBlobStore(Blobs);
        await store.PutBytesAsync("jobs/v1/scenes/scene-001.mp4", "stored"u8.ToArray(), CancellationToken.None);
        var target = await WriteAsync("other-machine/scene-001.mp4", "stale");

        Assert.True(await store.FetchToFileAsync("jobs/v1/scenes/scene-001.mp4", target, CancellationToken.None));
        Assert.Equal("stored", await File.ReadAllTextAsync(target));
        await File.AppendAllTextAsync(target, "+");
        Assert.Equal("stored+", await File.ReadAllTextAsync(Path.Combine(Blobs, "jobs/v1/scenes/scene-001.mp4")));

        Assert.False(await store.FetchToFileAsync("jobs/v1/scenes/scene-009.mp4", Path.Combine(_root, "none.mp4"), CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(_root, "none.mp4")));
    }

    [Fact]
    public async Task AStoreWithoutItsOwnCheckpointMethods_CopiesBothWays_LeavingTheSourcesUntouched()
    {
        IBlobStore store = new MovingOnly(new LocalBlobStore(Blobs));
        var clip = await WriteAsync("work/scene-000.mp4", "clip");

        await store.PutCopyAsync("jobs/v1/scenes/scene-000.mp4", clip, CancellationToken.None);
        await File.AppendAllTextAsync(clip, "+");
        Assert.Equal("clip", await File.ReadAllTextAsync(Path.Combine(Blobs, "jobs/v1/scenes/scene-000.mp4")));
        Assert.Equal(["scene-000.mp4"], Directory.GetFiles(Path.GetDirectoryName(clip)!).Select(Path.GetFileName));

        var fetched = Path.Combine(_root, "elsewhere.mp4");
        Assert.True(await store.FetchToFileAsync("jobs/v1/scenes/scene-000.mp4", fetched, CancellationToken.None));
        Assert.Equal("clip", await File.ReadAllTextAsync(fetched));
        Assert.False(await store.FetchToFileAsync("jobs/v1/scenes/none.mp4", Path.Combine(_root, "none.mp4"), CancellationToken.None));
    }

    private async Task<string> WriteAsync(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A store with only the required members (as an S3 store may be): the interface's defaults do the rest.</summary>
    private sealed class MovingOnly(LocalBlobStore inner) : IBlobStore
    {
        public Task PutFileAsync(string key, string localPath, CancellationToken ct) => inner.PutFileAsync(key, localPath, ct);
        public Task PutBytesAsync(string key, ReadOnlyMemory<byte> bytes, CancellationToken ct) => inner.PutBytesAsync(key, bytes, ct);
        public Task<Stream?> OpenReadAsync(string key, CancellationToken ct) => inner.OpenReadAsync(key, ct);
        public Task<string?> GetLocalFileAsync(string key, string scratchDirectory, CancellationToken ct) => inner.GetLocalFileAsync(key, scratchDirectory, ct);
        public Task DeletePrefixAsync(string prefix, CancellationToken ct) => inner.DeletePrefixAsync(prefix, ct);
        public IAsyncEnumerable<(string JobId, DateTimeOffset LastWritten)> ListJobsAsync(CancellationToken ct) => inner.ListJobsAsync(ct);
        public bool IsShared => inner.IsShared;
        public Task<Stream?> OpenRangeAsync(string key, long offset, long length, CancellationToken ct) => inner.OpenRangeAsync(key, offset, length, ct);
        public Task<BlobInfo?> GetInfoAsync(string key, CancellationToken ct) => inner.GetInfoAsync(key, ct);
        public Task<Uri?> GetDownloadUrlAsync(string key, DateTimeOffset expires, string contentType, CancellationToken ct) => inner.GetDownloadUrlAsync(key, expires, contentType, ct);
        public IAsyncEnumerable<BlobEntry> ListAsync(string prefix, CancellationToken ct) => inner.ListAsync(prefix, ct);
    }
}
