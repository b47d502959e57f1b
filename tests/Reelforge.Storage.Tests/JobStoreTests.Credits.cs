using Reelforge.Accounts;
using Reelforge.Jobs;

namespace Reelforge.Storage.Tests;

public abstract partial class JobStoreTests
{
    private async Task<(Account Account, Job Job)> CreatePaidAsync(decimal balance, decimal perSecond = 1, int seconds = 8)
    {
        var account = await Accounts.EnsureAccountAsync("paying", Ct);
        await Accounts.SetCreditsAsync(account.Id, balance, add: false, Ct);
        var (job, _) = await Store.CreateAsync(new NewJob(JobIds.NewVideoId(), account.Id, Spec(seconds), 3, null)
        {
            CreditsPerSecond = perSecond, CreditsReserved = perSecond * seconds,
        }, Ct);
        return (account, job);
    }

    [Fact]
    public async Task Create_ReservesThePrice_OrIsRefusedWhenTheBalanceCannotCoverIt()
    {
        var (account, job) = await CreatePaidAsync(balance: 10);

        Assert.Equal((8m, 2m), (job.CreditsReserved, (await Accounts.GetAccountAsync(account.Id, Ct))!.Credits));
        var refused = await Assert.ThrowsAsync<InsufficientCreditsException>(() => Store.CreateAsync(
            new NewJob(JobIds.NewVideoId(), account.Id, Spec(), 3, null) { CreditsPerSecond = 1, CreditsReserved = 4 }, Ct));
        Assert.Equal((4m, 2m), (refused.Needed, refused.Available));
        Assert.Equal(2m, (await Accounts.GetAccountAsync(account.Id, Ct))!.Credits);
    }

    [Fact]
    public async Task Completion_ChargesWholeSecondsRendered_RefundsTheRest_AndWritesTheDaysUsage()
    {
        var (account, _) = await CreatePaidAsync(balance: 10);
        var job = await ClaimOneAsync();

        Assert.True(await Store.CompleteAsync(LeaseOf(job), JobStage.Queued, Outputs(job.Id, 4.2), Ct));

        var done = (await Store.GetAsync(job.Id, account.Id, Ct))!;
        Assert.Equal((5m, 5m), (done.CreditsCharged, (await Accounts.GetAccountAsync(account.Id, Ct))!.Credits));
        var usage = Assert.Single(await Store.UsageAsync(account.Id, Clock.GetUtcNow().AddDays(-1), Ct));
        Assert.Equal(new UsageRow("2026-11-01", 1, 0, 0, 4.2, 5000), usage);
    }

    [Fact]
    public async Task AFailedJob_GivesEverythingBack_Once()
    {
        var (account, _) = await CreatePaidAsync(balance: 10);
        var job = await ClaimOneAsync();

        Assert.True(await Store.FailAttemptAsync(LeaseOf(job), new JobError("render_failed", "no"), null, Ct));
        // A delete after the end appends nothing that settles again.
        Assert.True(await Store.DeleteAsync(job.Id, account.Id, Ct));

        Assert.Equal(10m, (await Accounts.GetAccountAsync(account.Id, Ct))!.Credits);
        Assert.Equal(new UsageRow("2026-11-01", 0, 1, 0, 0, 0), Assert.Single(await Store.UsageAsync(account.Id, Clock.GetUtcNow(), Ct)));
    }

    [Fact]
    public async Task AnUnlimitedAccount_IsChargedNothingFromABalance_ButItsUsageIsCounted()
    {
        var (job, _) = await Store.CreateAsync(new NewJob(JobIds.NewVideoId(), "acct_free", Spec(), 3, null) { CreditsPerSecond = 1, CreditsReserved = 4 }, Ct);
        Assert.Equal(4m, job.CreditsReserved);
        var claimed = await ClaimOneAsync();
        await Store.CompleteAsync(LeaseOf(claimed), JobStage.Queued, Outputs(claimed.Id, 4), Ct);

        Assert.Equal(new UsageRow("2026-11-01", 1, 0, 0, 4, 4000), Assert.Single(await Store.UsageAsync("acct_free", Clock.GetUtcNow(), Ct)));
    }

    [Fact]
    public async Task Expiry_IsRecordedOnce_ForCompletedJobsPastTheirTime()
    {
        await CreateAsync();
        var job = await ClaimOneAsync();
        await Store.CompleteAsync(LeaseOf(job), JobStage.Queued, Outputs(job.Id), Ct);

        Assert.Empty(await Store.ListExpirableAsync(Clock.GetUtcNow(), 10, Ct));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([job.Id], await Store.ListExpirableAsync(Clock.GetUtcNow(), 10, Ct));
        Assert.True(await Store.MarkExpiredAsync(job.Id, Ct));
        Assert.False(await Store.MarkExpiredAsync(job.Id, Ct));

        Assert.Equal(Clock.GetUtcNow(), (await Store.GetAsync(job.Id, job.AccountId, Ct))!.ExpiredAt);
        Assert.Empty(await Store.ListExpirableAsync(Clock.GetUtcNow(), 10, Ct));
        Assert.Equal("expired", (await Store.ListEventsAsync(job.Id, 0, Ct))[^1].Type);
    }
}
