using Reelforge.Engine;
using Reelforge.Jobs;
using Reelforge.Storage.Postgres;
using Reelforge.Storage.Tests.Engines;

namespace Reelforge.Storage.Tests;

/// <summary>
/// LISTEN/NOTIFY between two "processes" on one database: this test's <see cref="JobEventTail"/>
/// listens while another store instance writes. The tail's clock is fake and never moves unless a
/// test moves it, so its once-a-second poll cannot be what wakes anyone.
/// </summary>
public sealed class PostgresNotificationTests(PostgresCluster cluster) : StoreTest
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly JobChanges _changes = new();
    private readonly JobSignal _signal = new();

    protected override async Task<IStoreEngine> StartEngineAsync(CancellationToken ct) => await PostgresEngine.CreateAsync(cluster, ct);

    private IJobStore OtherProcess() => Engine.JobStore(Engine.Connect(), Clock);

    private async Task<JobEventTail> ListeningTailAsync()
    {
        var tail = new JobEventTail(Store, _changes, Clock, _signal, new PostgresJobNotifications(((PostgresEngine)Engine).ConnectionString));
        await tail.StartAsync(Ct);
        await UntilAsync(() => tail.IsListening, "the tail listening");
        return tail;
    }

    [Fact]
    public async Task AnotherProcessesSubmit_WakesIdleWorkers_AndItsEventsWakeThisProcessesFollowers()
    {
        using var tail = await ListeningTailAsync();
        var other = OtherProcess();
        var wake = _signal.WaitAsync();
        var anyJob = _changes.Next(JobChanges.AnyJob);

        var job = await CreateAsync(other);

        await wake.WaitAsync(Deadline, Ct);
        await anyJob.WaitAsync(Deadline, Ct);
        var following = _changes.Next(job.Id);
        var claimed = Assert.Single(await other.ClaimAsync(1, Lease, 0, Ct));
        Assert.True(await other.CheckpointAsync(LeaseOf(claimed), JobStage.Queued, new JobCheckpoint(JobStage.GeneratingScript, 5), Ct));
        await following.WaitAsync(Deadline, Ct);
        await tail.StopAsync(Ct);
    }

    [Fact]
    public async Task WhenTheListeningConnectionDrops_ItPollsUntilItListensAgain_AndMissesNothing()
    {
        using var tail = await ListeningTailAsync();
        var other = OtherProcess();

        Assert.Equal(1, await Engine.ScalarAsync(
            $"SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN {PostgresJobNotifications.Channel}'", Ct));
        await UntilAsync(() => !tail.IsListening, "the tail noticing the lost connection");

        // Written while nobody listens: the next poll (a tick of the tail's clock) wakes the followers.
        var anyJob = _changes.Next(JobChanges.AnyJob);
        await CreateAsync(other);
        Assert.False(anyJob.IsCompleted);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await anyJob.WaitAsync(Deadline, Ct);

        // Back to listening after the reconnect delay (the clock moved a second at a time, as polls tick).
        await UntilAsync(() =>
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            return tail.IsListening;
        }, "the tail listening again");
        var following = _changes.Next(JobChanges.AnyJob);
        await CreateAsync(other);
        await following.WaitAsync(Deadline, Ct);
        await tail.StopAsync(Ct);
    }

    /// <summary>Polls a condition with a deadline (real time: the database works in real time).</summary>
    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20, Ct);
        }
    }
}
