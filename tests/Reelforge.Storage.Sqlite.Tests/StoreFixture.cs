using Microsoft.Extensions.Time.Testing;
using Reelforge.Jobs;

namespace Reelforge.Storage.Sqlite.Tests;

/// <summary>A fresh SQLite file and a fake clock per test.</summary>
public abstract class StoreTest : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rf-store-" + Guid.NewGuid().ToString("N"));

    protected StoreTest()
    {
        Db = new SqliteDatabase(Path.Combine(_dir, "test.db"));
        Db.Migrate();
        Store = new SqliteJobStore(Db, Clock);
    }

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
    protected SqliteDatabase Db { get; }
    protected SqliteJobStore Store { get; }
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;
    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    protected async Task<Job> CreateAsync(string account = "acct_a", string? idempotencyKey = null, int maxAttempts = 3)
    {
        var spec = new VideoSpec { Prompt = "A test.", Model = "sora-2", Seconds = 4, Width = 160, Height = 90 };
        var (job, _) = await Store.CreateAsync(new NewJob(JobIds.NewVideoId(), account, spec, maxAttempts, idempotencyKey), Ct);
        return job;
    }

    protected async Task<Job> ClaimOneAsync()
    {
        var claimed = await Store.ClaimAsync(1, Lease, 0, Ct);
        return Assert.Single(claimed);
    }

    protected static JobLease LeaseOf(Job job) => new(job.Id, job.LeaseToken!);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
