using Microsoft.Extensions.Logging.Abstractions;
using Reelforge.Blobs;
using Reelforge.Engine;
using Reelforge.Jobs;

namespace Reelforge.Core.Tests.Engine;

public sealed class RetentionSweeperTests : ClockedStore
{
    private LocalBlobStore Blobs => new(Paths.Blobs);

    private RetentionSweeper Sweeper() => new(Store, Blobs, Paths, Clock,
        Microsoft.Extensions.Options.Options.Create(new FilesOptions { RetentionDays = 1 }), NullLogger<RetentionSweeper>.Instance);

    private async Task<Job> CompletedWithFilesAsync()
    {
        var job = await RunningAsync();
        await Blobs.PutBytesAsync(BlobKeys.Output(job.Id, "video.mp4"), new byte[] { 1, 2, 3 }, Ct);
        Directory.CreateDirectory(Paths.WorkDirectory(job.Id));
        Assert.True(await Store.CompleteAsync(new JobLease(job.Id, job.LeaseToken!), JobStage.Queued, Outputs(job.Id), Ct));
        return job;
    }

    [Fact]
    public async Task Sweep_KeepsAVideoWithinItsRetention_ThenDeletesItsFilesAndMarksItExpired()
    {
        var job = await CompletedWithFilesAsync();
        var fresh = await CompletedWithFilesAsync();

        Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, await Sweeper().SweepAsync(Ct));
        await using (var kept = await Blobs.OpenReadAsync(BlobKeys.Output(job.Id, "video.mp4"), Ct))
        {
            Assert.NotNull(kept);
        }

        Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(2, await Sweeper().SweepAsync(Ct));

        Assert.Null(await Blobs.OpenReadAsync(BlobKeys.Output(job.Id, "video.mp4"), Ct));
        Assert.False(Directory.Exists(Paths.WorkDirectory(job.Id)));
        Assert.NotNull((await GetAsync(job.Id))!.ExpiredAt);
        Assert.Single(await Store.ListEventsAsync(job.Id, 0, Ct), e => e.Type == "expired");
        Assert.NotNull((await GetAsync(fresh.Id))!.ExpiredAt);
        // Nothing is expired twice.
        Assert.Equal(0, await Sweeper().SweepAsync(Ct));
    }

    [Fact]
    public async Task Sweep_LeavesUnfinishedVideosAlone()
    {
        var running = await RunningAsync();
        Directory.CreateDirectory(Paths.WorkDirectory(running.Id));
        Clock.Advance(TimeSpan.FromDays(30));

        Assert.Equal(0, await Sweeper().SweepAsync(Ct));
        Assert.True(Directory.Exists(Paths.WorkDirectory(running.Id)));
        Assert.Null((await GetAsync(running.Id))!.ExpiredAt);
    }
}
