using Npgsql;
using Reelforge.Jobs;
using Reelforge.Storage.Tests.Engines;

namespace Reelforge.Storage.Tests;

/// <summary>
/// A PostgreSQL restart while a worker holds a job, on a cluster of this test's own (restarting the
/// shared one would cut every other test). The pool's connections die with the server: each call
/// that meets a dead one fails once and the connection is dropped, so the worker's next call (its
/// loops retry after an error) reconnects, and the job still finishes under the same lease.
/// </summary>
public sealed class PostgresRestartTests : StoreTest
{
    private readonly PostgresCluster _own = new() { UseEnvironment = false };

    protected override async Task<IStoreEngine> StartEngineAsync(CancellationToken ct) => await PostgresEngine.CreateAsync(_own, ct);

    [Fact]
    public async Task AfterARestart_TheStoresReconnect_AndAHeldJobStillFinishes()
    {
        await CreateAsync();
        var job = await ClaimOneAsync();
        Assert.True(await Store.CheckpointAsync(LeaseOf(job), JobStage.Queued, new JobCheckpoint(JobStage.GeneratingMedia, 30), Ct));

        await _own.RestartAsync(Ct);

        var failures = 0;
        var renewed = await RetryAsync(() => Store.RenewLeaseAsync(LeaseOf(job), Lease, Ct), () => failures++);
        Assert.Equal(LeaseStatus.Held, renewed);
        Assert.True(await Store.CompleteAsync(LeaseOf(job), JobStage.GeneratingMedia, Outputs(job.Id), Ct));
        Assert.Equal(JobStage.Completed, (await Store.GetAsync(job.Id, job.AccountId, Ct))!.Stage);
        Assert.InRange(failures, 0, 2);
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> call, Action failed)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (NpgsqlException) when (attempt < 5)
            {
                failed();
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _own.DisposeAsync();
    }
}
