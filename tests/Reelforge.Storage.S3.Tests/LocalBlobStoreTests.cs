using Reelforge.Blobs;

namespace Reelforge.Storage.S3.Tests;

public sealed class LocalBlobStoreTests : BlobStoreConformance
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rf-blobs-" + Guid.NewGuid().ToString("N"));

    protected override Task<IBlobStore> CreateStoreAsync() => Task.FromResult<IBlobStore>(new LocalBlobStore(_root));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
