namespace Reelforge.Blobs;

/// <summary>
/// Where outputs and uploads live: a local folder (<see cref="LocalBlobStore"/>) or, for more than
/// one machine, any S3-compatible bucket (Reelforge.Storage.S3). Keys are made by Reelforge
/// (`jobs/&lt;id&gt;/video.mp4`), never by users, and use `/` as the separator.
/// </summary>
public interface IBlobStore
{
    /// <summary>True when every node sees the same blobs (a bucket); false for this machine's folder.</summary>
    bool IsShared { get; }

    /// <summary>Stores a local file under <paramref name="key"/> and removes the local file (a move, where it can be one).</summary>
    Task PutFileAsync(string key, string localPath, CancellationToken ct);

    Task PutBytesAsync(string key, ReadOnlyMemory<byte> bytes, CancellationToken ct);

    /// <summary>A stream of the whole blob, to read once front to back, or null if there is none.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken ct);

    /// <summary>
    /// A stream of <paramref name="length"/> bytes from <paramref name="offset"/> (which the caller
    /// has checked against <see cref="GetInfoAsync"/>), or null if the blob is gone.
    /// </summary>
    Task<Stream?> OpenRangeAsync(string key, long offset, long length, CancellationToken ct);

    /// <summary>The blob's length and last write, or null if there is none.</summary>
    Task<BlobInfo?> GetInfoAsync(string key, CancellationToken ct);

    /// <summary>
    /// A URL the blob can be fetched from directly until <paramref name="expires"/>, answered with
    /// <paramref name="contentType"/>; null when the store has no URLs of its own (a local folder).
    /// </summary>
    Task<Uri?> GetDownloadUrlAsync(string key, DateTimeOffset expires, string contentType, CancellationToken ct);

    /// <summary>A local file with the blob's bytes (the blob itself when it is local, else a copy in <paramref name="scratchDirectory"/>).</summary>
    Task<string?> GetLocalFileAsync(string key, string scratchDirectory, CancellationToken ct);

    /// <summary>Deletes every blob whose key starts with <paramref name="prefix"/> (which ends with `/`); none is fine.</summary>
    Task DeletePrefixAsync(string prefix, CancellationToken ct);

    /// <summary>Every blob whose key starts with <paramref name="prefix"/>, in key order.</summary>
    IAsyncEnumerable<BlobEntry> ListAsync(string prefix, CancellationToken ct);

    /// <summary>
    /// Stores a local file's bytes under <paramref name="key"/> and leaves the file where it is (a
    /// scene clip is both a checkpoint and an input of the export). This default copies it to a
    /// temp file and stores that; <see cref="LocalBlobStore"/> makes a hard link instead.
    /// </summary>
    async Task PutCopyAsync(string key, string localPath, CancellationToken ct)
    {
        var temp = localPath + ".put-" + Guid.NewGuid().ToString("N");
        try
        {
            File.Copy(localPath, temp);
            await PutFileAsync(key, temp, ct);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Writes the blob to <paramref name="localPath"/> (through a temp name, so a cut download
    /// leaves nothing there); false when there is no such blob. This default streams it;
    /// <see cref="LocalBlobStore"/> makes a hard link instead.
    /// </summary>
    async Task<bool> FetchToFileAsync(string key, string localPath, CancellationToken ct)
    {
        await using var source = await OpenReadAsync(key, ct);
        if (source is null)
        {
            return false;
        }
        var temp = localPath + ".partial";
        await using (var target = File.Create(temp))
        {
            await source.CopyToAsync(target, ct);
        }
        File.Move(temp, localPath, overwrite: true);
        return true;
    }

    /// <summary>Every job id with blobs (`jobs/&lt;id&gt;/`), with when its folder was last written to.</summary>
    IAsyncEnumerable<(string JobId, DateTimeOffset LastWritten)> ListJobsAsync(CancellationToken ct);
}

public sealed record BlobInfo(long Length, DateTimeOffset LastModified);

public sealed record BlobEntry(string Key, long Length, DateTimeOffset LastModified);

public static class BlobKeys
{
    public static string JobPrefix(string jobId) => $"jobs/{jobId}/";
    public static string Output(string jobId, string file) => $"jobs/{jobId}/{file}";

    /// <summary>Where a job's finished scene clips are checkpointed until it completes (they are not outputs).</summary>
    public static string ScenePrefix(string jobId) => $"jobs/{jobId}/scenes/";
    public static string SceneClip(string jobId, int scene) => $"jobs/{jobId}/scenes/scene-{scene:D3}.mp4";
}
