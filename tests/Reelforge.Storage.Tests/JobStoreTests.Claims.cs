using Reelforge.Jobs;

namespace Reelforge.Storage.Tests;

/// <summary>The <see cref="IJobStore"/> conformance suite, run over every engine (see Runs.cs).</summary>
public abstract partial class JobStoreTests : StoreTest
{
    [Fact]
    public async Task Claim_TakesTheOldestDueJob_WithATokenAndAnAttempt()
    {
        var first = await CreateAsync();
        await CreateAsync();

        var claimed = await ClaimOneAsync();

        Assert.Equal(first.Id, claimed.Id);
        Assert.Equal(1, claimed.Attempt);
        Assert.False(string.IsNullOrEmpty(claimed.LeaseToken));
        Assert.Equal(Clock.GetUtcNow() + Lease, claimed.LeaseExpiresAt);
    }

    [Fact]
    public async Task Claim_NeverGivesOneJobToTwoWorkers()
    {
        for (var i = 0; i < 20; i++)
        {
            await CreateAsync();
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var mine = new List<string>();
            while ((await Store.ClaimAsync(1, Lease, 0, Ct)) is { Count: 1 } got)
            {
                mine.Add(got[0].Id);
            }
            return mine;
        })));
        // Under SKIP LOCKED a claimer may give up while another holds the last rows; whatever is left is still claimable once.
        var rest = await Store.ClaimAsync(20, Lease, 0, Ct);

        var all = claims.SelectMany(c => c).Concat(rest.Select(j => j.Id)).ToList();
        Assert.Equal(20, all.Count);
        Assert.Equal(20, all.Distinct().Count());
    }

    [Fact]
    public async Task Claim_WhenTheRetryIsScheduledLater_WaitsUntilItIsDue()
    {
        await CreateAsync();
        var job = await ClaimOneAsync();
        await Store.FailAttemptAsync(LeaseOf(job), new JobError("render_failed", "boom"), Clock.GetUtcNow().AddSeconds(10), Ct);

        Assert.Empty(await Store.ClaimAsync(1, Lease, 0, Ct));
        Assert.Equal(Clock.GetUtcNow().AddSeconds(10), await Store.NextDueAsync(Ct));

        Clock.Advance(TimeSpan.FromSeconds(10));
        var again = await ClaimOneAsync();
        Assert.Equal(2, again.Attempt);
        Assert.NotEqual(job.LeaseToken, again.LeaseToken);
        Assert.Equal(new JobError("render_failed", "boom"), again.Error);
    }

    [Fact]
    public async Task Rescue_WhenLeaseExpired_ReturnsJobToAnotherWorker_AndFencesOutTheOldOne()
    {
        await CreateAsync();
        var first = await ClaimOneAsync();
        await Store.CheckpointAsync(LeaseOf(first), JobStage.Queued, new JobCheckpoint(JobStage.GeneratingScript, 3), Ct);

        Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var rescued = Assert.Single(await Store.RescueExpiredAsync(100, Ct));
        Assert.Equal((first.Id, JobStage.Queued, "openai", "sora-2"), (rescued.Id, rescued.Stage, rescued.Dialect, rescued.Model));
        var second = await ClaimOneAsync();

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(3, second.Progress);
        Assert.Equal(LeaseStatus.Lost, await Store.CheckLeaseAsync(LeaseOf(first), Ct));
        Assert.Equal(LeaseStatus.Lost, await Store.RenewLeaseAsync(LeaseOf(first), Lease, Ct));
        Assert.False(await Store.CheckpointAsync(LeaseOf(first), JobStage.Queued, new JobCheckpoint(JobStage.GeneratingScript, 50), Ct));
        Assert.False(await Store.CompleteAsync(LeaseOf(first), JobStage.Queued, Outputs(), Ct));
        Assert.False(await Store.FailAttemptAsync(LeaseOf(first), new JobError("x", "y"), null, Ct));
        Assert.True(await Store.CheckpointAsync(LeaseOf(second), JobStage.Queued, new JobCheckpoint(JobStage.GeneratingScript, 4), Ct));
    }

    [Fact]
    public async Task Renew_KeepsTheLeaseAlive_SoRescueLeavesTheJobAlone()
    {
        await CreateAsync();
        var job = await ClaimOneAsync();

        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(LeaseStatus.Held, await Store.RenewLeaseAsync(LeaseOf(job), Lease, Ct));
        Clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Empty(await Store.RescueExpiredAsync(100, Ct));
        Assert.Equal(LeaseStatus.Held, await Store.CheckLeaseAsync(LeaseOf(job), Ct));
    }

    [Fact]
    public async Task Rescue_WhenAttemptsAreSpent_FailsTheJob()
    {
        await CreateAsync(maxAttempts: 1);
        var job = await ClaimOneAsync();

        Clock.Advance(Lease * 2);
        Assert.Equal(JobStage.Failed, Assert.Single(await Store.RescueExpiredAsync(100, Ct)).Stage);

        var failed = await Store.GetAsync(job.Id, job.AccountId, Ct);
        Assert.Equal(JobStage.Failed, failed!.Stage);
        Assert.Equal(RescuePolicy.WorkerLost, failed.Error);
        Assert.Null(failed.LeaseToken);
    }

    [Fact]
    public async Task Rescue_TakesAtMostABatch_AndTheRestOnTheNextPass()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync();
        }
        Assert.Equal(3, (await Store.ClaimAsync(3, Lease, 0, Ct)).Count);

        Clock.Advance(Lease * 2);
        Assert.Equal(2, (await Store.RescueExpiredAsync(2, Ct)).Count);
        Assert.Single(await Store.RescueExpiredAsync(2, Ct));
        Assert.Empty(await Store.RescueExpiredAsync(2, Ct));
    }

    [Fact]
    public async Task AnAccountAtItsCap_WaitsInTheQueue_WhileOthersRun()
    {
        var a1 = await CreateAsync("acct_a");
        var a2 = await CreateAsync("acct_a");
        var a3 = await CreateAsync("acct_a");
        var b1 = await CreateAsync("acct_b");

        var first = await Store.ClaimAsync(10, Lease, 2, Ct);
        Assert.Equal([a1.Id, a2.Id, b1.Id], first.Select(j => j.Id));
        Assert.Empty(await Store.ClaimAsync(10, Lease, 2, Ct));

        Assert.True(await Store.CompleteAsync(LeaseOf(first[0]), JobStage.Queued, Outputs(), Ct));
        Assert.Equal([a3.Id], (await Store.ClaimAsync(10, Lease, 2, Ct)).Select(j => j.Id));
    }

    [Fact]
    public async Task TheCap_LooksPastAnAccountsBacklog_ToTheNextAccountsJob()
    {
        for (var i = 0; i < 5; i++)
        {
            await CreateAsync("acct_a");
        }
        var b = await CreateAsync("acct_b");
        Assert.Single(await Store.ClaimAsync(1, Lease, 1, Ct));

        Assert.Equal([b.Id], (await Store.ClaimAsync(1, Lease, 1, Ct)).Select(j => j.Id));
    }

    [Fact]
    public async Task Claim_ComesWithTheTimeline_WhileReadsLeaveItOut()
    {
        await CreateAsync();
        var job = await ClaimOneAsync();
        var timeline = new Timelines.Timeline { Seed = 7, Scenes = [new Timelines.Scene(), new Timelines.Scene()] };
        Assert.True(await Store.CheckpointAsync(LeaseOf(job), JobStage.Queued, new JobCheckpoint(JobStage.ScriptReady, 10) { Timeline = timeline }, Ct));
        Assert.True(await Store.FailAttemptAsync(LeaseOf(job), new JobError("x", "y"), Clock.GetUtcNow(), Ct));

        var again = await ClaimOneAsync();

        Assert.NotNull(again.Timeline);
        Assert.Equal((7, 2), (again.Timeline!.Seed, again.Timeline.Scenes.Count));
        Assert.Null((await Store.GetAsync(job.Id, job.AccountId, Ct))!.Timeline);
    }
}
