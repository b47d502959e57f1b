using Reelforge.Jobs;

namespace Reelforge.Core.Tests.Decisions;

public sealed class RescuePolicyTests
{
    [Fact]
    public void AnExpiredLease_WithAttemptsLeft_GoesBackToTheQueue_KeepingItsLastError()
    {
        var outcome = RescuePolicy.Decide(new ExpiredLease("video_1", CancelRequested: false, Attempt: 1, MaxAttempts: 3));

        Assert.Equal(new RescueOutcome(JobStage.Queued, null), outcome);
    }

    [Fact]
    public void AnExpiredLease_OnTheLastAttempt_FailsAsWorkerLost()
    {
        var outcome = RescuePolicy.Decide(new ExpiredLease("video_1", CancelRequested: false, Attempt: 3, MaxAttempts: 3));

        Assert.Equal(JobStage.Failed, outcome.Stage);
        Assert.Equal(new JobError("worker_lost", "The worker rendering this video stopped responding, and no attempts are left."), outcome.Error);
    }

    [Fact]
    public void AnExpiredLease_WhoseOwnerAskedToCancel_IsCancelled_EvenWithAttemptsSpent()
    {
        var outcome = RescuePolicy.Decide(new ExpiredLease("video_1", CancelRequested: true, Attempt: 3, MaxAttempts: 3));

        Assert.Equal(new RescueOutcome(JobStage.Cancelled, new JobError("cancelled", "Cancelled by its owner.")), outcome);
    }
}
