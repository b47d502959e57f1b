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

    /// <summary>Every job id with blobs (`jobs/&lt;id&gt;/`), with when its folder was last written to.</summary>
    IAsyncEnumerable<(string JobId, DateTimeOffset LastWritten)> ListJobsAsync(CancellationToken ct);
}

public static class BlobKeys
{
    public static string JobPrefix(string jobId) => $"jobs/{jobId}/";
    public static string Output(string jobId, string file) => $"jobs/{jobId}/{file}";
}
