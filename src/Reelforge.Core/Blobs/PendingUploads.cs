namespace Reelforge.Blobs;

/// <summary>
/// What a create request stores for a job before the job exists (uploads, inline images): deleted
/// when the request ends without making the job (any refusal: a bad field, too few credits, an
/// idempotent replay), kept once <see cref="Keep"/> says the job was made.
/// </summary>
public sealed class PendingUploads(IBlobStore blobs, string jobId) : IAsyncDisposable
{
    private bool _kept;

    public string JobId { get; } = jobId;

    public void Keep() => _kept = true;

    public async ValueTask DisposeAsync()
    {
        if (!_kept)
        {
            // Not the request's token: a client that hung up must not leave the files behind.
            await blobs.DeletePrefixAsync(BlobKeys.JobPrefix(JobId), CancellationToken.None);
        }
    }
}
