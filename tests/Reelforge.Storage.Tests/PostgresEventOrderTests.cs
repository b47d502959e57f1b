using Dapper;
using Npgsql;
using Reelforge.Jobs;
using Reelforge.Storage.Tests.Engines;

namespace Reelforge.Storage.Tests;

/// <summary>
/// PostgreSQL draws event seqs when a transaction inserts, not when it commits. A follower reading
/// many jobs' events `after seq` must never step over a lower seq that commits later, and appenders
/// must not wait for each other: here one process is held inside its transaction after appending an
/// event while another appends and commits, and then a follower reads.
/// </summary>
public sealed class PostgresEventOrderTests(PostgresCluster cluster) : StoreTest
{
    protected override async Task<IStoreEngine> StartEngineAsync(CancellationToken ct) => await PostgresEngine.CreateAsync(cluster, ct);

    [Fact]
    public async Task AnEventCommittedLate_WithALowerSeq_IsStillSeenByACursorThatMovedOn()
    {
        var account = await Accounts.EnsureAccountAsync("paying", Ct);
        await Accounts.SetCreditsAsync(account.Id, 100, add: false, Ct);
        await Store.CreateAsync(new NewJob(JobIds.NewVideoId(), account.Id, Spec(), 3, null), Ct);
        var running = await ClaimOneAsync();
        var cursor = await Store.LatestEventSeqAsync(Ct);
        var (first, second) = (Engine.JobStore(Engine.Connect(), Clock), Engine.JobStore(Engine.Connect(), Clock));

        // Hold the account row: a create appends its `created` event, then waits to take the credits.
        await using var holder = new NpgsqlConnection(((PostgresEngine)Engine).ConnectionString);
        await holder.OpenAsync(Ct);
        await using var hold = await holder.BeginTransactionAsync(Ct);
        await holder.ExecuteAsync(new CommandDefinition("SELECT 1 FROM accounts WHERE id = @Id FOR UPDATE", new { account.Id }, hold, cancellationToken: Ct));
        var create = first.CreateAsync(new NewJob(JobIds.NewVideoId(), account.Id, Spec(), 3, null) { CreditsPerSecond = 1, CreditsReserved = 1 }, Ct);
        await WaitForLockWaitersAsync(1);
        // Meanwhile another process reports progress on the running job: a higher seq, committed
        // first, without waiting for the create.
        Assert.True(await second.CheckpointAsync(LeaseOf(running), JobStage.Queued, new JobCheckpoint(JobStage.GeneratingScript, 5), Ct)
            .WaitAsync(TimeSpan.FromSeconds(30), Ct));

        // A follower reading now waits for the create in flight rather than step over its seq.
        var read = Store.ListAccountEventsAsync(account.Id, cursor, 100, Ct);
        var latest = Store.LatestEventSeqAsync(Ct);
        await WaitForLockWaitersAsync(3);
        Assert.False(read.IsCompleted);
        await hold.RollbackAsync(Ct);
        await create;

        var seen = await read;
        Assert.Equal(["created", "stage"], seen.Select(e => e.Type));
        Assert.Equal(seen[^1].Seq, await latest);
    }

    /// <summary>Polls (with a deadline) until <paramref name="count"/> sessions wait on a lock.</summary>
    private async Task WaitForLockWaitersAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await Engine.ScalarAsync("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", Ct) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no {count} sessions waiting on a lock within 30 s");
            await Task.Delay(20, Ct);
        }
    }
}
