using Microsoft.Extensions.Time.Testing;
using Reelforge.Engine;

namespace Reelforge.Rendering.Tests;

/// <summary>The trim after renders: only once no job has run for a quiet second, never between jobs of a busy queue.</summary>
public sealed class IdleMemoryTrimTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AfterTheLastJobEnds_AndAQuietSecond_ItCollectsAndTrims()
    {
        var running = new RunningJobs();
        var time = new FakeTimeProvider();
        using var trim = new IdleMemoryTrim(running, time);
        await trim.StartAsync(Ct);
        var collections = GC.CollectionCount(2);

        running.Register("video_a", () => { }).Dispose();
        Assert.Equal(0, trim.Trims);
        time.Advance(IdleMemoryTrim.Quiet);
        await trim.Waiting;

        Assert.Equal(1, trim.Trims);
        Assert.True(GC.CollectionCount(2) > collections, "no full collection ran");
        await trim.StopAsync(Ct);
    }

    [Fact]
    public async Task AJobStartingWithinTheQuietSecond_PutsTheTrimOffUntilItEnds()
    {
        var running = new RunningJobs();
        var time = new FakeTimeProvider();
        using var trim = new IdleMemoryTrim(running, time);
        await trim.StartAsync(Ct);

        running.Register("video_a", () => { }).Dispose();
        var next = running.Register("video_b", () => { });
        time.Advance(IdleMemoryTrim.Quiet);
        await trim.Waiting;
        Assert.Equal(0, trim.Trims);

        next.Dispose();
        time.Advance(IdleMemoryTrim.Quiet);
        await trim.Waiting;
        Assert.Equal(1, trim.Trims);
        Assert.False(running.Any);
        await trim.StopAsync(Ct);
    }

    [Fact]
    public async Task WhileIdle_ItTrimsAgainAfterEachPoolAge_SoPooledBuffersGoBack_ButNotWhileAJobRuns()
    {
        var running = new RunningJobs();
        var time = new FakeTimeProvider();
        using var trim = new IdleMemoryTrim(running, time);
        using var due = new SemaphoreSlim(0);
        trim.FollowUpDue += () => due.Release();
        await trim.StartAsync(Ct);

        running.Register("video_a", () => { }).Dispose();
        time.Advance(IdleMemoryTrim.Quiet);
        await trim.Waiting;
        Assert.Equal(1, trim.Trims);

        IDisposable? job = null;
        for (var i = 1; i <= IdleMemoryTrim.FollowUps; i++)
        {
            await due.WaitAsync(Ct);
            if (i == IdleMemoryTrim.FollowUps)
            {
                // The last comes while a job runs: it is skipped.
                job = running.Register("video_b", () => { });
                time.Advance(IdleMemoryTrim.PoolAge);
                await trim.FollowingUp;
                Assert.Equal(IdleMemoryTrim.FollowUps, trim.Trims);
                break;
            }
            time.Advance(IdleMemoryTrim.PoolAge);
            // The next timer is set once this trim is done.
            await due.WaitAsync(Ct);
            due.Release();
            Assert.Equal(1 + i, trim.Trims);
        }
        await trim.StopAsync(Ct);
        job?.Dispose();
    }

    [Fact]
    public void WhileTwoJobsRun_TheEndOfOneIsNotIdle_AndADoubleDisposeCountsOnce()
    {
        var running = new RunningJobs();
        var idle = 0;
        running.Idle += () => idle++;
        var a = running.Register("video_a", () => { });
        var b = running.Register("video_b", () => { });

        a.Dispose();
        Assert.Equal((0, true), (idle, running.Any));
        b.Dispose();
        b.Dispose();
        Assert.Equal((1, false), (idle, running.Any));
    }
}
