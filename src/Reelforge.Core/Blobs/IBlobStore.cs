namespace Reelforge.Blobs;

/// <summary>Where outputs and uploads live: a local folder now, S3-compatible storage for scale-out.</summary>
public interface IBlobStore
{
    /// <summary>Stores a local file under <paramref name="key"/>, moving it when it can.</summary>
    Task PutFileAsync(string key, string localPath, CancellationToken ct);

    Task PutBytesAsync(string key, ReadOnlyMemory<byte> bytes, CancellationToken ct);

    /// <summary>A seekable stream of the blob, or null if there is none.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken ct);

    /// <summary>A local file with the blob's bytes (the blob itself when it is local, else a copy in <paramref name="scratchDirectory"/>).</summary>
    Task<string?> GetLocalFileAsync(string key, string scratchDirectory, CancellationToken ct);

    Task DeletePrefixAsync(string prefix, CancellationToken ct);

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

public static class BlobKeys
{
    public static string JobPrefix(string jobId) => $"jobs/{jobId}/";
    public static string Output(string jobId, string file) => $"jobs/{jobId}/{file}";

    /// <summary>Where a job's finished scene clips are checkpointed until it completes (they are not outputs).</summary>
    public static string ScenePrefix(string jobId) => $"jobs/{jobId}/scenes/";
    public static string SceneClip(string jobId, int scene) => $"jobs/{jobId}/scenes/scene-{scene:D3}.mp4";
}
