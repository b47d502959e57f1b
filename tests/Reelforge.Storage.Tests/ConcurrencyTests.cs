using Reelforge.Accounts;
using Reelforge.Jobs;

namespace Reelforge.Storage.Tests;

/// <summary>
/// What stays exact when several processes (each its own connection pool, here) use one database at
/// once: these fail without the engine's locking (SQLite's single writer, PostgreSQL's row and
/// advisory locks).
/// </summary>
public abstract class ConcurrencyTests : StoreTest
{
    private const int Processes = 6;

    private IReadOnlyList<IJobStore> Processes_() =>
        Enumerable.Range(0, Processes).Select(_ => Engine.JobStore(Engine.Connect(), Clock)).ToList();

    [Fact]
    public async Task ParallelClaimers_UnderARunningCap_NeverExceedIt_AndNeverClaimAJobTwice()
    {
        const int cap = 2;
        string[] accounts = ["acct_a", "acct_b", "acct_c"];
        foreach (var account in accounts)
        {
            for (var i = 0; i < 48; i++)
            {
                await CreateAsync(account);
            }
        }
        var stores = Processes_();
        var everClaimed = new List<string>();
        var held = new List<Job>();

        for (var round = 0; round < 40; round++)
        {
            // Every claimer races for each account's one free slot at the same moment.
            using var start = new Barrier(Processes);
            var claims = await Task.WhenAll(stores.Select(store => Task.Run(async () =>
            {
                start.SignalAndWait(Ct);
                return await store.ClaimAsync(cap, Lease, cap, Ct);
            })));
            held.AddRange(claims.SelectMany(c => c));
            everClaimed.AddRange(claims.SelectMany(c => c).Select(j => j.Id));

            var running = await Task.WhenAll(accounts.Select(a => Engine.ScalarAsync(
                $"SELECT COUNT(*) FROM jobs WHERE account_id = '{a}' AND lease_token IS NOT NULL", Ct)));
            Assert.All(running, n => Assert.InRange(n, 0, cap));
            // Each account is left with one job running, so the next round fights over one slot.
            foreach (var group in held.GroupBy(j => j.AccountId).ToList())
            {
                foreach (var job in group.Skip(1))
                {
                    Assert.True(await Store.CompleteAsync(LeaseOf(job), JobStage.Queued, Outputs(job.Id), Ct));
                    held.Remove(job);
                }
            }
        }

        Assert.True(everClaimed.Count >= 12, $"only {everClaimed.Count} claims");
        Assert.Equal(everClaimed.Count, everClaimed.Distinct().Count());
    }

    [Fact]
    public async Task ParallelCreates_NeverSpendMoreCreditsThanTheAccountHas()
    {
        var account = await Accounts.EnsureAccountAsync("paying", Ct);
        await Accounts.SetCreditsAsync(account.Id, 10, add: false, Ct);
        var stores = Processes_();
        using var start = new Barrier(Processes);

        var outcomes = await Task.WhenAll(stores.Select(store => Task.Run(async () =>
        {
            start.SignalAndWait(Ct);
            var made = 0;
            for (var i = 0; i < 4; i++)
            {
                try
                {
                    await store.CreateAsync(new NewJob(JobIds.NewVideoId(), account.Id, Spec(), 3, null) { CreditsPerSecond = 1, CreditsReserved = 1 }, Ct);
                    made++;
                }
                catch (InsufficientCreditsException)
                {
                }
            }
            return made;
        })));

        Assert.Equal(10, outcomes.Sum());
        Assert.Equal(0m, (await Accounts.GetAccountAsync(account.Id, Ct))!.Credits);
        Assert.Equal(10, await Engine.ScalarAsync($"SELECT COUNT(*) FROM jobs WHERE account_id = '{account.Id}'", Ct));
    }

    [Fact]
    public async Task ParallelCreates_WithOneIdempotencyKey_MakeOneJob()
    {
        var stores = Processes_();
        using var start = new Barrier(Processes);

        var jobs = await Task.WhenAll(stores.Select(store => Task.Run(async () =>
        {
            start.SignalAndWait(Ct);
            return (await store.CreateAsync(new NewJob(JobIds.NewVideoId(), "acct_a", Spec(), 3, "once"), Ct)).Job.Id;
        })));

        Assert.Single(jobs.Distinct());
        Assert.Equal(1, await Engine.ScalarAsync("SELECT COUNT(*) FROM jobs", Ct));
    }

    [Fact]
    public async Task AFollowerTailingByCursor_WhileProcessesWrite_MissesNoEvent()
    {
        var stores = Processes_();
        using var start = new Barrier(Processes + 1);
        var writing = stores.Select(store => Task.Run(async () =>
        {
            start.SignalAndWait(Ct);
            for (var i = 0; i < 15; i++)
            {
                await CreateAsync(store, "acct_a");
            }
        })).ToList();
        var seen = new List<long>();
        var after = 0L;
        start.SignalAndWait(Ct);
        var done = false;
        while (!done)
        {
            done = writing.All(w => w.IsCompleted);
            var batch = await Store.ListAccountEventsAsync("acct_a", after, 500, Ct);
            seen.AddRange(batch.Select(e => e.Seq));
            after = batch.Count > 0 ? batch[^1].Seq : after;
        }
        await Task.WhenAll(writing);

        Assert.Equal(Processes * 15, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task FiveProcessesStartingAtOnce_ApplyEachMigrationOnce()
    {
        await using var fresh = await StartEngineAsync(Ct);
        var databases = Enumerable.Range(0, 5).Select(_ => fresh.Connect()).ToList();
        using var start = new Barrier(databases.Count);

        await Task.WhenAll(databases.Select(db => Task.Run(async () =>
        {
            start.SignalAndWait(Ct);
            await db.MigrateAsync(Ct);
        })));

        var applied = await fresh.ScalarAsync("SELECT COUNT(*) FROM schema_migrations", Ct);
        Assert.True(applied > 0);
        Assert.Equal(applied, await fresh.ScalarAsync("SELECT COUNT(DISTINCT version) FROM schema_migrations", Ct));
        Assert.Equal(applied, await fresh.ScalarAsync("SELECT MAX(version) FROM schema_migrations", Ct));
        var store = fresh.JobStore(databases[0], Clock);
        Assert.Equal(0, await store.LatestEventSeqAsync(Ct));
    }

    /// <summary>
    /// One process reporting on and ending many jobs at once (PostgreSQL writes such calls together,
    /// GroupCommit): each call still gets its own answer, a call whose lease is gone changes nothing,
    /// a job's parallel reports all land, and each ended job is settled once.
    /// </summary>
    [Fact]
    public async Task ManyJobsReportingAndEndingAtOnce_EachCallGetsItsOwnAnswer_AndEachJobIsSettledOnce()
    {
        const int jobs = 24;
        var account = await Accounts.EnsureAccountAsync("paying", Ct);
        await Accounts.SetCreditsAsync(account.Id, 1000, add: false, Ct);
        for (var i = 0; i < jobs; i++)
        {
            await Store.CreateAsync(new NewJob(JobIds.NewVideoId(), account.Id, Spec(), 3, null) { CreditsPerSecond = 1, CreditsReserved = 4 }, Ct);
        }
        var claimed = await Store.ClaimAsync(jobs, Lease, 0, Ct);
        Assert.Equal(jobs, claimed.Count);
        // Every fourth call holds a lease that is no longer the job's.
        var leases = claimed.Select((j, i) => i % 4 == 3 ? new JobLease(j.Id, "not-the-token") : LeaseOf(j)).ToList();

        var answers = await Task.WhenAll(leases.Select(lease => Task.Run(async () =>
        {
            // Three reports at once on one job, as parallel scenes make them; then the end.
            var reports = await Task.WhenAll(new[] { 30, 20, 10 }.Select(p =>
                Store.CheckpointAsync(lease, JobStage.Queued, new JobCheckpoint(JobStage.Queued, p), Ct)));
            var progress = (await Store.GetAsync(lease.JobId, account.Id, Ct))!.Progress;
            var completed = await Store.CompleteAsync(lease, JobStage.Queued, Outputs(lease.JobId, 3), Ct);
            return (Reports: reports, Progress: progress, Completed: completed);
        })));

        for (var i = 0; i < jobs; i++)
        {
            var held = i % 4 != 3;
            Assert.Equal([held, held, held], answers[i].Reports);
            Assert.Equal(held ? 30 : 0, answers[i].Progress);
            Assert.Equal(held, answers[i].Completed);
            var job = (await Store.GetAsync(claimed[i].Id, account.Id, Ct))!;
            Assert.Equal(held ? JobStage.Completed : JobStage.Queued, job.Stage);
            var events = (await Store.ListEventsAsync(job.Id, 0, Ct)).Select(e => e.Type).ToList();
            Assert.Equal(held ? ["created", "claimed", "progress", "progress", "progress", "completed"] : ["created", "claimed"], events);
        }
        // 18 ended: 4 reserved, 3 charged, 1 back each; the 6 still running keep their 4 reserved.
        Assert.Equal(1000m - jobs * 4 + 18, (await Accounts.GetAccountAsync(account.Id, Ct))!.Credits);
        var usage = Assert.Single(await Store.UsageAsync(account.Id, Clock.GetUtcNow().AddDays(-1), Ct));
        Assert.Equal(new UsageRow("2026-11-01", 18, 0, 0, 18 * 3, 18 * 3 * 1000), usage);
    }
}
