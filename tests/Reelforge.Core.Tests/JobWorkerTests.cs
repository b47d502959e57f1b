using Microsoft.Extensions.Time.Testing;
using Reelforge.Engine;
using Reelforge.Jobs;

namespace Reelforge.Core.Tests;

public sealed class JobWorkerTests
{
    [Fact]
    public async Task Worker_WakesOnSubmit_NotAtTheNextPoll()
    {
        // The worker's clock never moves, so its one-minute poll never fires: only the submit's signal can wake it.
        var frozen = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = new EngineHarness(async (run, ct) =>
        {
            await run.ReportAsync(new JobCheckpoint(JobStage.Exporting, 90), ct);
            return EngineHarness.Outputs();
        }, workerClock: frozen);
        await h.StartAsync();
        // Let the worker finish a first job so that it is idle, waiting.
        var first = await h.SubmitAsync();
        await h.WaitForAsync(first.Id, j => j.Stage == JobStage.Completed);

        var second = await h.SubmitAsync();

        Assert.Equal(JobStage.Completed, (await h.WaitForAsync(second.Id, j => j.Stage.IsTerminal())).Stage);
    }

    [Fact]
    public async Task Worker_RetriesAFailedAttempt_ThenFailsWhenAttemptsAreSpent()
    {
        var attempts = 0;
        await using var h = new EngineHarness((run, ct) =>
        {
            Interlocked.Increment(ref attempts);
            throw new JobFailedException("render_failed", "The encoder fell over.");
        });
        await h.StartAsync();

        var job = await h.SubmitAsync();
        var failed = await h.WaitForAsync(job.Id, j => j.Stage.IsTerminal());

        Assert.Equal(JobStage.Failed, failed.Stage);
        Assert.Equal(3, failed.Attempt);
        Assert.Equal(3, attempts);
        Assert.Equal(new JobError("render_failed", "The encoder fell over."), failed.Error);
        var events = await h.Store.ListEventsAsync(job.Id, 0, CancellationToken.None);
        Assert.Equal(2, events.Count(e => e.Type == "retry_scheduled"));
    }

    [Fact]
    public async Task Worker_WhenAFailureIsNotRetryable_FailsOnTheFirstAttempt()
    {
        await using var h = new EngineHarness((run, ct) => throw new JobFailedException("invalid_asset", "Not an image.", retryable: false));
        await h.StartAsync();

        var job = await h.SubmitAsync();
        var failed = await h.WaitForAsync(job.Id, j => j.Stage.IsTerminal());

        Assert.Equal(JobStage.Failed, failed.Stage);
        Assert.Equal(1, failed.Attempt);
    }

    [Fact]
    public async Task Worker_AfterATransientFailure_SucceedsOnTheRetry()
    {
        var attempts = 0;
        await using var h = new EngineHarness(async (run, ct) =>
        {
            await run.ReportAsync(new JobCheckpoint(JobStage.GeneratingMedia, 10), ct);
            if (Interlocked.Increment(ref attempts) == 1)
            {
                throw new IOException("disk hiccup");
            }
            await run.ReportAsync(new JobCheckpoint(JobStage.Exporting, 90), ct);
            return EngineHarness.Outputs();
        });
        await h.StartAsync();

        var job = await h.SubmitAsync();
        var done = await h.WaitForAsync(job.Id, j => j.Stage.IsTerminal());

        Assert.Equal(JobStage.Completed, done.Stage);
        Assert.Equal(100, done.Progress);
        Assert.Equal(2, done.Attempt);
    }

    [Fact]
    public async Task Cancel_InThisProcess_StopsTheRunningWork_WithoutWaitingForALeaseCheck()
    {
        var running = new TaskCompletionSource();
        var stopped = new TaskCompletionSource();
        // The worker's clock never moves, so no lease check runs: only the in-process cancel can stop the work.
        var frozen = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = new EngineHarness(async (run, ct) =>
        {
            await run.ReportAsync(new JobCheckpoint(JobStage.GeneratingMedia, 10), ct);
            running.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            finally
            {
                stopped.SetResult();
            }
            return EngineHarness.Outputs();
        }, new WorkersOptions { Concurrency = 1, PollMilliseconds = 60_000, CancelCheckMilliseconds = 10_000 }, frozen);
        await h.StartAsync();
        var job = await h.SubmitAsync();
        await running.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        await h.Engine.CancelAsync(job.Id, EngineHarness.Account, CancellationToken.None);
        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(JobStage.Cancelled, (await h.WaitForAsync(job.Id, j => j.Stage.IsTerminal())).Stage);
    }

    [Fact]
    public async Task Cancel_FromAnotherProcess_IsSeenAtTheNextCheck()
    {
        var running = new TaskCompletionSource();
        await using var h = new EngineHarness(async (run, ct) =>
        {
            running.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return EngineHarness.Outputs();
        }, new WorkersOptions { Concurrency = 1, PollMilliseconds = 60_000, CancelCheckMilliseconds = 100 });
        await h.StartAsync();
        var job = await h.SubmitAsync();
        await running.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        // Straight to the store, as another server process would: no in-process signal.
        await h.Store.RequestCancelAsync(job.Id, EngineHarness.Account, CancellationToken.None);

        var cancelled = await h.WaitForAsync(job.Id, j => j.Stage.IsTerminal());
        Assert.Equal(JobStage.Cancelled, cancelled.Stage);
    }

    [Fact]
    public async Task Delete_OfARunningJob_StopsItsWorkerWithoutAnyWriteLanding()
    {
        var running = new TaskCompletionSource();
        var stopped = new TaskCompletionSource();
        await using var h = new EngineHarness(async (run, ct) =>
        {
            running.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            finally
            {
                stopped.SetResult();
            }
            return EngineHarness.Outputs();
        });
        await h.StartAsync();
        var job = await h.SubmitAsync();
        await running.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(await h.Engine.DeleteAsync(job.Id, EngineHarness.Account, CancellationToken.None));
        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        Assert.Null(await h.Store.GetAsync(job.Id, EngineHarness.Account, CancellationToken.None));
    }
}

public sealed class CreditTests
{
    [Fact]
    public async Task ACreateTheBalanceCannotCover_IsRefused_AndLeavesNothingStored()
    {
        await using var h = new EngineHarness((_, _) => throw new InvalidOperationException("not run"));
        var account = await h.Accounts.EnsureAccountAsync("poor", TestContext.Current.CancellationToken);
        await h.Accounts.SetCreditsAsync(account.Id, 3, add: false, TestContext.Current.CancellationToken);
        var id = JobIds.NewVideoId();
        await h.Blobs.PutBytesAsync(Blobs.BlobKeys.Output(id, "input.png"), new byte[] { 1, 2, 3 }, TestContext.Current.CancellationToken);

        var spec = new VideoSpec { Prompt = "Four seconds.", Model = "sora-2", Seconds = 4, Width = 160, Height = 90 };
        var refused = await Assert.ThrowsAsync<Reelforge.Accounts.InsufficientCreditsException>(() =>
            h.Engine.SubmitAsync(id, account.Id, spec, new Submission(), TestContext.Current.CancellationToken));

        Assert.Equal((4m, 3m), (refused.Needed, refused.Available));
        Assert.Null(await h.Blobs.OpenReadAsync(Blobs.BlobKeys.Output(id, "input.png"), TestContext.Current.CancellationToken));
        Assert.Null(await h.Store.GetAsync(id, account.Id, TestContext.Current.CancellationToken));
        Assert.Equal(3m, (await h.Accounts.GetAccountAsync(account.Id, TestContext.Current.CancellationToken))!.Credits);
    }
}
