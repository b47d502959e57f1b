using Microsoft.Extensions.Logging.Abstractions;
using Reelforge.Blobs;
using Reelforge.Engine;

namespace Reelforge.Core.Tests.Engine;

public sealed class OrphanSweeperTests : ClockedStore
{
    [Fact]
    public async Task Sweep_RemovesScratchFoldersNoJobOwns_OnceAnHourOld_AndKeepsTheRest()
    {
        var live = await RunningAsync();
        var deletedId = (await CreateAsync()).Id;
        Assert.True(await Store.DeleteAsync(deletedId, Account, Ct));
        foreach (var id in new[] { live.Id, deletedId })
        {
            Directory.CreateDirectory(Paths.WorkDirectory(id));
            Directory.SetLastWriteTimeUtc(Paths.WorkDirectory(id), Clock.GetUtcNow().UtcDateTime);
        }
        var sweeper = new OrphanSweeper(Store, new LocalBlobStore(Paths.Blobs), Clock, NullLogger<OrphanSweeper>.Instance, Paths);

        Assert.Equal(0, await sweeper.SweepAsync(Ct));
        Clock.Advance(OrphanSweeper.MinimumAge + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await sweeper.SweepAsync(Ct));

        Assert.False(Directory.Exists(Paths.WorkDirectory(deletedId)));
        Assert.True(Directory.Exists(Paths.WorkDirectory(live.Id)));
    }
}
