using Microsoft.Extensions.Logging.Abstractions;
using Reelforge.Engine;
using Reelforge.Jobs;

namespace Reelforge.Core.Tests.Engine;

public sealed class LeaseKeeperTests : ClockedStore
{
    private readonly CancellationTokenSource _job = new();

    private LeaseKeeper Keeper(Job job) => new(Store, new JobLease(job.Id, job.LeaseToken!), Options, Clock, _job, NullLogger.Instance);

    [Fact]
    public async Task Keeper_RenewsTheLease_SoTheJobOutlivesItsFirstLease()
    {
        var job = await RunningAsync();
        var keeper = Keeper(job);
        var keeping = keeper.RunAsync();

        // Past a third of the lease, the next check renews it.
        Clock.Advance(TimeSpan.FromSeconds(11));
        await EventuallyAsync(job.Id, j => j.LeaseExpiresAt > job.LeaseExpiresAt, "renewed after a third of the lease");
        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(Clock.GetUtcNow() > job.LeaseExpiresAt, "the first lease should have run out by now");

        Assert.Empty(await Store.RescueExpiredAsync(100, Ct));
        Assert.Equal(job.LeaseToken, (await GetAsync(job.Id))!.LeaseToken);
        Assert.Equal(LeaseStatus.Held, keeper.Outcome);
        Assert.False(_job.IsCancellationRequested);
        await keeper.StopAsync(keeping);
    }

    [Fact]
    public async Task Keeper_SeesACancelAskedElsewhere_AtItsNextCheck_AndCancelsTheJob()
    {
        var job = await RunningAsync();
        var keeper = Keeper(job);
        var keeping = keeper.RunAsync();
        var cancelled = new TaskCompletionSource();
        using var _ = _job.Token.Register(cancelled.SetResult);

        await Store.RequestCancelAsync(job.Id, Account, Ct);
        Clock.Advance(TimeSpan.FromMilliseconds(Options.CancelCheckMilliseconds));

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(LeaseStatus.CancelRequested, keeper.Outcome);
        await keeper.StopAsync(keeping);
    }

    [Fact]
    public async Task Keeper_WhenTheJobWasDeleted_ReportsTheLeaseLost_AndCancelsTheJob()
    {
        var job = await RunningAsync();
        var keeper = Keeper(job);
        var keeping = keeper.RunAsync();
        var cancelled = new TaskCompletionSource();
        using var _ = _job.Token.Register(cancelled.SetResult);

        Assert.True(await Store.DeleteAsync(job.Id, Account, Ct));
        Clock.Advance(TimeSpan.FromMilliseconds(Options.CancelCheckMilliseconds));

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(LeaseStatus.Lost, keeper.Outcome);
        await keeper.StopAsync(keeping);
    }

    [Fact]
    public async Task Keeper_CancelledInProcess_StopsTheJobWithoutACheck()
    {
        var job = await RunningAsync();
        var keeper = Keeper(job);
        var keeping = keeper.RunAsync();

        keeper.CancelRequested();

        Assert.True(_job.IsCancellationRequested);
        Assert.Equal(LeaseStatus.CancelRequested, keeper.Outcome);
        await keeper.StopAsync(keeping);
    }
}
