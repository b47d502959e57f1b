using Microsoft.Extensions.Time.Testing;
using Reelforge.Jobs;
using Reelforge.Storage.Sqlite;

namespace Reelforge.Core.Tests;

public sealed class CachedJobReadsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rf-cache-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly SqliteJobStore _inner;
    private readonly CachedJobReads _cached;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public CachedJobReadsTests()
    {
        var db = new SqliteDatabase(Path.Combine(_dir, "cache.db"));
        db.Migrate();
        _inner = new SqliteJobStore(db, _clock);
        _cached = new CachedJobReads(_inner, _clock, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task AWriteThroughTheCache_IsSeenByTheNextReadAtOnce()
    {
        var job = await CreateAsync();
        await _cached.GetAsync(job.Id, "acct_a", Ct);
        var claimed = (await _cached.ClaimAsync(1, TimeSpan.FromSeconds(30), 0, Ct)).Single();

        await _cached.CheckpointAsync(new JobLease(claimed.Id, claimed.LeaseToken!), JobStage.Queued, new JobCheckpoint(JobStage.GeneratingMedia, 40), Ct);

        var read = await _cached.GetAsync(job.Id, "acct_a", Ct);
        Assert.Equal((JobStage.GeneratingMedia, 40), (read!.Stage, read.Progress));
        await _cached.DeleteAsync(job.Id, "acct_a", Ct);
        Assert.Null(await _cached.GetAsync(job.Id, "acct_a", Ct));
    }

    [Fact]
    public async Task ACachedJob_IsNeverShownToAnotherAccount()
    {
        var job = await CreateAsync();
        Assert.NotNull(await _cached.GetAsync(job.Id, "acct_a", Ct));

        Assert.Null(await _cached.GetAsync(job.Id, "acct_b", Ct));
    }

    [Fact]
    public async Task AWriteFromAnotherProcess_ShowsOnceTheEntryExpires()
    {
        var job = await CreateAsync();
        await _cached.GetAsync(job.Id, "acct_a", Ct);

        // Straight to the store, as a separate worker process would write.
        await _inner.RequestCancelAsync(job.Id, "acct_a", Ct);

        Assert.Equal(JobStage.Queued, (await _cached.GetAsync(job.Id, "acct_a", Ct))!.Stage);
        _clock.Advance(TimeSpan.FromMilliseconds(1001));
        Assert.Equal(JobStage.Cancelled, (await _cached.GetAsync(job.Id, "acct_a", Ct))!.Stage);
    }

    [Fact]
    public async Task AWriteFromAnotherProcess_IsSeenAtOnce_WhenTheEventTailReportsIt()
    {
        var changes = new JobChanges();
        var followed = new CachedJobReads(_inner, _clock, TimeSpan.FromSeconds(1), changes);
        var job = await CreateAsync();
        var other = await CreateAsync();
        await followed.GetAsync(job.Id, "acct_a", Ct);
        await followed.GetAsync(other.Id, "acct_a", Ct);
        await _inner.RequestCancelAsync(job.Id, "acct_a", Ct);
        await _inner.RequestCancelAsync(other.Id, "acct_a", Ct);
        var woken = changes.Next(job.Id);

        // The tail heard of the job's event (NOTIFY): whoever it wakes reads the job as it is now.
        changes.Notify(job.Id);

        Assert.True(woken.IsCompleted);
        Assert.Equal(JobStage.Cancelled, (await followed.GetAsync(job.Id, "acct_a", Ct))!.Stage);
        Assert.Equal(JobStage.Queued, (await followed.GetAsync(other.Id, "acct_a", Ct))!.Stage);
        // The tail's poll (SQLite, or the notifications down) only knows something changed: every job is read anew.
        changes.NotifyAll();
        Assert.Equal(JobStage.Cancelled, (await followed.GetAsync(other.Id, "acct_a", Ct))!.Stage);
    }

    private async Task<Job> CreateAsync()
    {
        var spec = new VideoSpec { Prompt = "Cache.", Model = "sora-2", Seconds = 1, Width = 160, Height = 90 };
        return (await _cached.CreateAsync(new NewJob(JobIds.NewVideoId(), "acct_a", spec, 3, null), Ct)).Job;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
