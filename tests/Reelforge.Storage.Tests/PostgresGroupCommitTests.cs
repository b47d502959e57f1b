using Reelforge.Jobs;
using Reelforge.Storage.Tests.Engines;

namespace Reelforge.Storage.Tests;

/// <summary>
/// On PostgreSQL, claims, reports and ends that one process makes at the same time share
/// transactions (GroupCommit): what lets one database keep up with many workers. What each call
/// gets back is ConcurrencyTests' concern; this checks that they really went together.
/// </summary>
public sealed class PostgresGroupCommitTests(PostgresCluster cluster) : StoreTest
{
    private const int Jobs = 32;

    protected override async Task<IStoreEngine> StartEngineAsync(CancellationToken ct) => await PostgresEngine.CreateAsync(cluster, ct);

    [Fact]
    public async Task ClaimsAndEndsMadeTogether_ShareTransactions()
    {
        for (var i = 0; i < Jobs; i++)
        {
            await CreateAsync();
        }

        var claims = await TogetherAsync(Enumerable.Range(0, Jobs), _ => Store.ClaimAsync(1, Lease, 0, Ct));
        var claimed = claims.Select(c => Assert.Single(c)).ToList();
        Assert.Equal(Jobs, claimed.Select(j => j.Id).Distinct().Count());
        // Every row a transaction writes carries its id (xmin): fewer ids than jobs, fewer transactions.
        Assert.InRange(await TransactionsAsync(), 1, Jobs / 4);

        Assert.All(await TogetherAsync(claimed, j => Store.CompleteAsync(LeaseOf(j), JobStage.Queued, Outputs(j.Id), Ct)), Assert.True);
        Assert.InRange(await TransactionsAsync(), 1, Jobs / 4);
        Assert.Equal(Jobs, await Engine.ScalarAsync("SELECT COUNT(*) FROM job_events WHERE type = 'completed'", Ct));
    }

    private Task<long> TransactionsAsync() => Engine.ScalarAsync("SELECT COUNT(DISTINCT xmin::text) FROM jobs", Ct);

    /// <summary>Starts one call per item at the same moment, each on its own thread-pool task.</summary>
    private static async Task<T[]> TogetherAsync<TItem, T>(IEnumerable<TItem> items, Func<TItem, Task<T>> call)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = items.Select(item => Task.Run(async () =>
        {
            await go.Task;
            return await call(item);
        })).ToList();
        go.SetResult();
        return await Task.WhenAll(calls);
    }
}
