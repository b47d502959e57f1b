using Reelforge.Jobs;

namespace Reelforge.Storage.Tests;

public abstract partial class JobStoreTests
{
    [Fact]
    public async Task Checkpoint_WhenTheStageIsNotTheOneExpected_ChangesNothing()
    {
        await CreateAsync();
        var job = await ClaimOneAsync();

        var moved = await Store.CheckpointAsync(LeaseOf(job), JobStage.Exporting, new JobCheckpoint(JobStage.Completed, 100), Ct);

        Assert.False(moved);
        var stored = await Store.GetAsync(job.Id, job.AccountId, Ct);
        Assert.Equal(JobStage.Queued, stored!.Stage);
        Assert.Equal(0, stored.Progress);
    }

    [Fact]
    public async Task Progress_NeverGoesBackwards_AndScenesAndNotesAreKept()
    {
        await CreateAsync();
        var job = await ClaimOneAsync();
        var lease = LeaseOf(job);

        await Store.CheckpointAsync(lease, JobStage.Queued, new JobCheckpoint(JobStage.GeneratingMedia, 40) { Scenes = [new SceneState(0, SceneStatus.Running)] }, Ct);
        await Store.CheckpointAsync(lease, JobStage.GeneratingMedia, new JobCheckpoint(JobStage.GeneratingMedia, 10) { Note = "Voice: espeak-ng." }, Ct);

        var stored = (await Store.GetAsync(job.Id, job.AccountId, Ct))!;
        Assert.Equal(40, stored.Progress);
        Assert.Equal(SceneStatus.Running, Assert.Single(stored.Scenes).Status);
        var note = (await Store.ListEventsAsync(job.Id, 0, Ct))[^1];
        Assert.Equal(("note", "Voice: espeak-ng."), (note.Type, note.Message));
    }

    [Fact]
    public async Task FailAttempt_WithoutARetry_FailsWithTheErrorCodeAndMessage()
    {
        await CreateAsync();
        var job = await ClaimOneAsync();

        Assert.True(await Store.FailAttemptAsync(LeaseOf(job), new JobError("render_failed", "Scene 2 failed."), null, Ct));

        var failed = await Store.GetAsync(job.Id, job.AccountId, Ct);
        Assert.Equal(JobStage.Failed, failed!.Stage);
        Assert.Equal(new JobError("render_failed", "Scene 2 failed."), failed.Error);
        Assert.Null(failed.LeaseToken);
    }

    [Fact]
    public async Task Complete_StoresTheOutputs_AndEndsTheLease()
    {
        await CreateAsync();
        var job = await ClaimOneAsync();

        Assert.True(await Store.CompleteAsync(LeaseOf(job), JobStage.Queued, Outputs(job.Id, 4.5), Ct));

        var done = (await Store.GetAsync(job.Id, job.AccountId, Ct))!;
        Assert.Equal((JobStage.Completed, 100, $"jobs/{job.Id}/video.mp4", 4.5), (done.Stage, done.Progress, done.Outputs!.VideoKey, done.Outputs.DurationSeconds));
        Assert.Equal(Clock.GetUtcNow(), done.CompletedAt);
        Assert.Null(done.LeaseToken);
        Assert.Equal(LeaseStatus.Lost, await Store.CheckLeaseAsync(LeaseOf(job), Ct));
    }

    [Fact]
    public async Task Cancel_OfAQueuedJob_EndsItAtOnce()
    {
        var job = await CreateAsync();

        var cancelled = await Store.RequestCancelAsync(job.Id, job.AccountId, Ct);

        Assert.Equal(JobStage.Cancelled, cancelled!.Stage);
        Assert.Empty(await Store.ClaimAsync(1, Lease, 0, Ct));
    }

    [Fact]
    public async Task Cancel_OfARunningJob_AsksTheWorker_WhichConfirms()
    {
        await CreateAsync();
        var job = await ClaimOneAsync();
        await Store.CheckpointAsync(LeaseOf(job), JobStage.Queued, new JobCheckpoint(JobStage.GeneratingMedia, 20), Ct);

        var asked = await Store.RequestCancelAsync(job.Id, job.AccountId, Ct);
        Assert.Equal(JobStage.GeneratingMedia, asked!.Stage);
        Assert.True(asked.CancelRequested);
        Assert.Equal(LeaseStatus.CancelRequested, await Store.CheckLeaseAsync(LeaseOf(job), Ct));
        Assert.Equal(LeaseStatus.CancelRequested, await Store.RenewLeaseAsync(LeaseOf(job), Lease, Ct));

        Assert.True(await Store.ConfirmCancelledAsync(LeaseOf(job), Ct));
        var done = await Store.GetAsync(job.Id, job.AccountId, Ct);
        Assert.Equal(JobStage.Cancelled, done!.Stage);
        Assert.Equal("cancelled", done.Error!.Code);
    }

    [Fact]
    public async Task Cancel_OfAJobWhoseWorkerDied_EndsItWhenTheLeaseIsRescued()
    {
        await CreateAsync();
        var job = await ClaimOneAsync();
        await Store.RequestCancelAsync(job.Id, job.AccountId, Ct);

        Clock.Advance(Lease * 2);
        Assert.Equal(JobStage.Cancelled, Assert.Single(await Store.RescueExpiredAsync(100, Ct)).Stage);

        var done = (await Store.GetAsync(job.Id, job.AccountId, Ct))!;
        Assert.Equal((JobStage.Cancelled, RescuePolicy.Cancelled), (done.Stage, done.Error));
    }

    [Fact]
    public async Task Create_WithTheSameIdempotencyKey_ReturnsTheSameJob_OnlyForTheSameAccount()
    {
        var first = await CreateAsync("acct_a", "key-1");
        var (again, created) = await Store.CreateAsync(new NewJob(JobIds.NewVideoId(), "acct_a", Spec(), 3, "key-1"), Ct);
        var other = await CreateAsync("acct_b", "key-1");

        Assert.Equal(first.Id, again.Id);
        Assert.False(created);
        Assert.NotEqual(first.Id, other.Id);
    }

    [Fact]
    public async Task Events_RecordEveryChange_InOrder()
    {
        await CreateAsync();
        var job = await ClaimOneAsync();
        var lease = LeaseOf(job);
        await Store.CheckpointAsync(lease, JobStage.Queued, new JobCheckpoint(JobStage.GeneratingScript, 1), Ct);
        await Store.CheckpointAsync(lease, JobStage.GeneratingScript, new JobCheckpoint(JobStage.GeneratingScript, 2), Ct);
        await Store.FailAttemptAsync(lease, new JobError("x", "y"), null, Ct);

        var events = await Store.ListEventsAsync(job.Id, 0, Ct);

        Assert.Equal(["created", "claimed", "stage", "progress", "failed"], events.Select(e => e.Type));
        Assert.Equal(JobStage.Failed, events[^1].Stage);
        Assert.Equal(Clock.GetUtcNow(), events[^1].CreatedAt);
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Seq < p.Second.Seq));
        Assert.Single(await Store.ListEventsAsync(job.Id, events[^2].Seq, Ct));
        Assert.Equal(events[^1].Seq, await Store.LatestEventSeqAsync(Ct));
    }

    [Fact]
    public async Task AccountEvents_AreEveryJobsOfOneAccount_InOrder_AfterACursor()
    {
        var a = await CreateAsync("acct_a");
        await CreateAsync("acct_b");
        var a2 = await CreateAsync("acct_a");

        var all = await Store.ListAccountEventsAsync("acct_a", 0, 10, Ct);
        Assert.Equal([a.Id, a2.Id], all.Select(e => e.JobId));
        Assert.Equal([a2.Id], (await Store.ListAccountEventsAsync("acct_a", all[0].Seq, 10, Ct)).Select(e => e.JobId));
        Assert.Single(await Store.ListAccountEventsAsync("acct_a", 0, 1, Ct));
    }

    [Fact]
    public async Task List_PagesByCursor_InEitherOrder_AndOnlyShowsTheAccountsJobs()
    {
        var mine = new List<Job>();
        for (var i = 0; i < 5; i++)
        {
            mine.Add(await CreateAsync("acct_a"));
        }
        await CreateAsync("acct_b");

        var first = await Store.ListAsync("acct_a", null, 2, ascending: false, Ct);
        var second = await Store.ListAsync("acct_a", first.Items[^1].Id, 2, ascending: false, Ct);
        var third = await Store.ListAsync("acct_a", second.Items[^1].Id, 2, ascending: false, Ct);
        var ascending = await Store.ListAsync("acct_a", null, 10, ascending: true, Ct);

        Assert.Equal(mine.AsEnumerable().Reverse().Select(j => j.Id), first.Items.Concat(second.Items).Concat(third.Items).Select(j => j.Id));
        Assert.True(first.HasMore);
        Assert.True(second.HasMore);
        Assert.False(third.HasMore);
        Assert.Equal(mine.Select(j => j.Id), ascending.Items.Select(j => j.Id));
        Assert.False(ascending.HasMore);
    }

    [Fact]
    public async Task Delete_RemovesTheJobAndItsEvents_AndOnlyForItsAccount()
    {
        var job = await CreateAsync("acct_a");

        Assert.False(await Store.DeleteAsync(job.Id, "acct_b", Ct));
        Assert.True(await Store.ExistsAsync(job.Id, Ct));
        Assert.True(await Store.DeleteAsync(job.Id, "acct_a", Ct));

        Assert.Null(await Store.GetAsync(job.Id, "acct_a", Ct));
        Assert.False(await Store.ExistsAsync(job.Id, Ct));
        Assert.Empty(await Store.ListEventsAsync(job.Id, 0, Ct));
    }

    [Fact]
    public async Task Get_OfAnotherAccountsJob_ReturnsNothing()
    {
        var job = await CreateAsync("acct_a");

        Assert.Null(await Store.GetAsync(job.Id, "acct_b", Ct));
        Assert.Null(await Store.RequestCancelAsync(job.Id, "acct_b", Ct));
    }

    [Fact]
    public async Task CountByStage_CountsEveryJobWhereItIs()
    {
        await CreateAsync();
        await CreateAsync();
        var job = await ClaimOneAsync();
        await Store.FailAttemptAsync(LeaseOf(job), new JobError("x", "y"), null, Ct);

        var counts = await Store.CountByStageAsync(Ct);

        Assert.Equal(new Dictionary<JobStage, long> { [JobStage.Queued] = 1, [JobStage.Failed] = 1 }, counts);
    }

    [Fact]
    public async Task Migrate_RunTwice_LeavesTheSchemaAsItWas()
    {
        await Db.MigrateAsync(Ct);
        var job = await CreateAsync();

        Assert.NotNull(await Store.GetAsync(job.Id, job.AccountId, Ct));
        Assert.True(await Db.CanConnectAsync(Ct));
    }
}
