using Microsoft.Extensions.Logging.Abstractions;
using Reelforge.Engine;
using Reelforge.Jobs;

namespace Reelforge.Core.Tests.Engine;

public sealed class JobRescuerTests : ClockedStore
{
    private readonly JobSignal _signal = new();

    private JobRescuer Rescuer() => new(Store, _signal, Microsoft.Extensions.Options.Options.Create(Options), Clock, NullLogger<JobRescuer>.Instance);

    [Fact]
    public async Task Rescue_LeavesAHeldLease_ThenQueuesTheJobOnceItExpires_AndWakesWorkers()
    {
        var job = await RunningAsync();
        await Rescuer().RescueOnceAsync(Ct);
        Assert.Equal(job.LeaseToken, (await GetAsync(job.Id))!.LeaseToken);

        var wake = _signal.WaitAsync();
        Clock.Advance(Options.Lease + TimeSpan.FromSeconds(1));
        await Rescuer().RescueOnceAsync(Ct);

        var rescued = (await GetAsync(job.Id))!;
        Assert.Equal((JobStage.Queued, null), (rescued.Stage, rescued.LeaseToken));
        Assert.True(wake.IsCompleted, "workers were not woken for the rescued job");
        Assert.Contains(await Store.ListEventsAsync(job.Id, 0, Ct), e => e.Type == "rescued");
    }

    [Fact]
    public async Task Rescue_WithNoAttemptsLeft_FailsTheJobAsWorkerLost()
    {
        var job = await RunningAsync(maxAttempts: 1);
        Clock.Advance(Options.Lease + TimeSpan.FromSeconds(1));

        await Rescuer().RescueOnceAsync(Ct);

        var failed = (await GetAsync(job.Id))!;
        Assert.Equal((JobStage.Failed, "worker_lost"), (failed.Stage, failed.Error?.Code));
    }

    [Fact]
    public async Task Rescue_OfAJobWhoseCancelWasAsked_CancelsIt()
    {
        var job = await RunningAsync();
        await Store.RequestCancelAsync(job.Id, Account, Ct);
        Clock.Advance(Options.Lease + TimeSpan.FromSeconds(1));

        await Rescuer().RescueOnceAsync(Ct);

        Assert.Equal(JobStage.Cancelled, (await GetAsync(job.Id))!.Stage);
    }

    [Fact]
    public async Task Rescuer_RunsAgainEveryInterval_OnItsClock()
    {
        using var rescuer = Rescuer();
        await rescuer.StartAsync(Ct);
        var job = await RunningAsync();

        // The lease expires and one interval passes: the rescuer's timer, not a call, queues the job.
        Clock.Advance(Options.Lease + TimeSpan.FromSeconds(1));

        await TickUntilAsync(async () => (await GetAsync(job.Id))!.LeaseToken is null, TimeSpan.FromSeconds(Options.RescueIntervalSeconds), "rescued on the interval");
        await rescuer.StopAsync(Ct);
    }
}
