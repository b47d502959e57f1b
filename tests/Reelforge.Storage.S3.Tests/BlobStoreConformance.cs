using System.Security.Cryptography;
using System.Text;
using Reelforge.Blobs;

namespace Reelforge.Storage.S3.Tests;

/// <summary>
/// What every <see cref="IBlobStore"/> does, written once and run over each store (the local
/// folder and an S3 bucket on s3rver). A store is done when this passes.
/// </summary>
public abstract class BlobStoreConformance : IAsyncLifetime
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Larger than the stores' part size in these tests (5 MiB), so S3 uploads it in three parts.</summary>
    protected const int LargeFileBytes = 11 * 1024 * 1024 + 12_345;

    private readonly string _scratch = Directory.CreateTempSubdirectory("rf-blob-scratch-").FullName;

    protected IBlobStore Store { get; private set; } = null!;

    /// <summary>A new, empty store this test owns.</summary>
    protected abstract Task<IBlobStore> CreateStoreAsync();

    public async ValueTask InitializeAsync() => Store = await CreateStoreAsync();

    public virtual ValueTask DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        Directory.Delete(_scratch, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task PutBytes_ThenRead_ReturnsTheSameBytes_AndTheirLength()
    {
        var bytes = RandomNumberGenerator.GetBytes(1000);
        await Store.PutBytesAsync("jobs/a/input.png", bytes, Ct);

        Assert.Equal(bytes, await ReadAllAsync("jobs/a/input.png"));
        var info = await Store.GetInfoAsync("jobs/a/input.png", Ct);
        Assert.Equal(1000, info!.Length);
        Assert.InRange(info.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task Put_AgainUnderTheSameKey_Replaces()
    {
        await Store.PutBytesAsync("jobs/a/x.json", "first"u8.ToArray(), Ct);
        await Store.PutBytesAsync("jobs/a/x.json", "second"u8.ToArray(), Ct);

        Assert.Equal("second"u8.ToArray(), await ReadAllAsync("jobs/a/x.json"));
    }

    [Fact]
    public async Task PutFile_StoresTheFile_AndTakesTheLocalCopyAway()
    {
        var bytes = RandomNumberGenerator.GetBytes(70_000);
        var local = Scratch("video.mp4", bytes);

        await Store.PutFileAsync("jobs/b/video.mp4", local, Ct);

        Assert.False(File.Exists(local), "a put is a move: the scratch copy is gone");
        Assert.Equal(bytes, await ReadAllAsync("jobs/b/video.mp4"));
    }

    [Fact]
    public async Task OpenRange_ReadsExactlyTheBytesAsked()
    {
        var bytes = RandomNumberGenerator.GetBytes(5000);
        await Store.PutBytesAsync("jobs/c/video.mp4", bytes, Ct);

        foreach (var (offset, length) in new[] { (0L, 1L), (100L, 100L), (4999L, 1L), (0L, 5000L), (1234L, 3766L) })
        {
            await using var stream = await Store.OpenRangeAsync("jobs/c/video.mp4", offset, length, Ct);
            using var copy = new MemoryStream();
            await stream!.CopyToAsync(copy, Ct);
            Assert.Equal(bytes[(int)offset..(int)(offset + length)], copy.ToArray());
        }
    }

    [Fact]
    public async Task MissingKeys_ReadAsNothing_AndDeletingThemIsFine()
    {
        Assert.Null(await Store.OpenReadAsync("jobs/none/video.mp4", Ct));
        Assert.Null(await Store.OpenRangeAsync("jobs/none/video.mp4", 0, 10, Ct));
        Assert.Null(await Store.GetInfoAsync("jobs/none/video.mp4", Ct));
        Assert.Null(await Store.GetLocalFileAsync("jobs/none/video.mp4", _scratch, Ct));
        await Store.DeletePrefixAsync("jobs/none/", Ct);
        Assert.Empty(await ListAsync("jobs/"));
    }

    [Fact]
    public async Task DeletePrefix_RemovesEveryBlobUnderIt_AndNothingBeside()
    {
        foreach (var key in new[] { "jobs/d/video.mp4", "jobs/d/slides/1.jpg", "jobs/d/slides/2.jpg", "jobs/dd/video.mp4", "characters/x/character.json" })
        {
            await Store.PutBytesAsync(key, "x"u8.ToArray(), Ct);
        }

        await Store.DeletePrefixAsync("jobs/d/", Ct);

        Assert.Equal(["characters/x/character.json", "jobs/dd/video.mp4"], (await ListAsync("")).Select(e => e.Key));
        Assert.Null(await Store.OpenReadAsync("jobs/d/video.mp4", Ct));
    }

    [Fact]
    public async Task List_GivesTheKeysUnderAPrefix_InOrder_WithTheirLengths()
    {
        await Store.PutBytesAsync("jobs/e/b.png", new byte[20], Ct);
        await Store.PutBytesAsync("jobs/e/a.png", new byte[10], Ct);
        await Store.PutBytesAsync("jobs/e/slides/1.jpg", new byte[30], Ct);
        await Store.PutBytesAsync("jobs/ee/a.png", new byte[40], Ct);

        var listed = await ListAsync("jobs/e/");

        Assert.Equal(["jobs/e/a.png", "jobs/e/b.png", "jobs/e/slides/1.jpg"], listed.Select(e => e.Key));
        Assert.Equal([10L, 20L, 30L], listed.Select(e => e.Length));
    }

    [Fact]
    public async Task ListJobs_NamesEachJobWithBlobsOnce_WithItsLastWrite()
    {
        await Store.PutBytesAsync("jobs/job_1/video.mp4", new byte[5], Ct);
        await Store.PutBytesAsync("jobs/job_1/slides/1.jpg", new byte[5], Ct);
        await Store.PutBytesAsync("jobs/job_2/input.png", new byte[5], Ct);
        await Store.PutBytesAsync("characters/acct/char_1/character.json", new byte[5], Ct);

        var jobs = new List<(string JobId, DateTimeOffset LastWritten)>();
        await foreach (var job in Store.ListJobsAsync(Ct))
        {
            jobs.Add(job);
        }

        Assert.Equal(["job_1", "job_2"], jobs.Select(j => j.JobId).Order(StringComparer.Ordinal));
        Assert.All(jobs, j => Assert.InRange(j.LastWritten, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5)));
    }

    [Fact]
    public async Task ALargeFile_RoundTrips_WholeAndByRangesAcrossItsParts()
    {
        var bytes = RandomNumberGenerator.GetBytes(LargeFileBytes);
        await Store.PutFileAsync("jobs/f/video.mp4", Scratch("large.mp4", bytes), Ct);

        Assert.Equal(LargeFileBytes, (await Store.GetInfoAsync("jobs/f/video.mp4", Ct))!.Length);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await ReadAllAsync("jobs/f/video.mp4")));
        var boundary = 5 * 1024 * 1024;
        await using var stream = await Store.OpenRangeAsync("jobs/f/video.mp4", boundary - 100, 200, Ct);
        using var copy = new MemoryStream();
        await stream!.CopyToAsync(copy, Ct);
        Assert.Equal(bytes[(boundary - 100)..(boundary + 100)], copy.ToArray());
    }

    [Fact]
    public async Task GetLocalFile_GivesAFileWithTheBlobsBytes()
    {
        var bytes = RandomNumberGenerator.GetBytes(3000);
        await Store.PutBytesAsync("jobs/g/input.mp4", bytes, Ct);

        var local = await Store.GetLocalFileAsync("jobs/g/input.mp4", _scratch, Ct);

        Assert.Equal(bytes, await File.ReadAllBytesAsync(local!, Ct));
    }

    [Fact]
    public async Task ADownloadUrl_WhenTheStoreHasOne_ServesTheBytesWithTheContentType()
    {
        var bytes = RandomNumberGenerator.GetBytes(2000);
        await Store.PutBytesAsync("jobs/h/thumbnail.webp", bytes, Ct);

        var url = await Store.GetDownloadUrlAsync("jobs/h/thumbnail.webp", DateTimeOffset.UtcNow.AddMinutes(10), "image/webp", Ct);

        if (Store.IsShared)
        {
            using var http = new HttpClient();
            var response = await http.GetAsync(url!, Ct);
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
            Assert.Equal("image/webp", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync(Ct));
        }
        else
        {
            Assert.Null(url); // a folder has no URLs of its own
        }
    }

    [Fact]
    public async Task ASharedSecret_MadeByNodesStartingAtOnce_IsOneSecret_ThatLaterNodesRead()
    {
        var settle = TimeSpan.FromMilliseconds(1500);
        var first = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => SharedSecret.GetOrCreateAsync(Store, "files.key", TimeProvider.System, Ct, settle), Ct)));

        Assert.Single(first.Select(Convert.ToBase64String).Distinct());
        Assert.Equal(32, first[0].Length);
        var later = await SharedSecret.GetOrCreateAsync(Store, "files.key", TimeProvider.System, Ct, settle);
        Assert.Equal(first[0], later);
        Assert.Equal(Encoding.ASCII.GetBytes(Convert.ToBase64String(first[0])), await ReadAllAsync("secrets/files.key"));
    }

    protected async Task<byte[]> ReadAllAsync(string key)
    {
        await using var stream = await Store.OpenReadAsync(key, Ct);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    protected async Task<List<BlobEntry>> ListAsync(string prefix)
    {
        var entries = new List<BlobEntry>();
        await foreach (var entry in Store.ListAsync(prefix, Ct))
        {
            entries.Add(entry);
        }
        return entries;
    }

    protected string Scratch(string name, byte[] bytes)
    {
        var path = Path.Combine(_scratch, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
