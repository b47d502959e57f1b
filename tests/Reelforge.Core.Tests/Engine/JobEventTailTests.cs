using Reelforge.Engine;
using Reelforge.Jobs;

namespace Reelforge.Core.Tests.Engine;

public sealed class JobEventTailTests : ClockedStore
{
    [Fact]
    public async Task Tail_WakesFollowers_WhenAnotherProcessWritesAnEvent_AtItsNextTick()
    {
        var changes = new JobChanges();
        using var tail = new JobEventTail(Store, changes, Clock);
        await tail.StartAsync(Ct);
        var job = await CreateAsync();
        var following = changes.Next(job.Id);
        var anyJob = changes.Next(JobChanges.AnyJob);

        // Written straight to the store, as a separate `reelforge worker` would: no in-process notify.
        await Store.RequestCancelAsync(job.Id, Account, Ct);
        Assert.False(following.IsCompleted);

        await TickUntilAsync(() => Task.FromResult(following.IsCompleted && anyJob.IsCompleted), TimeSpan.FromSeconds(1), "followers woken by the tail");
        await tail.StopAsync(Ct);
    }
}
