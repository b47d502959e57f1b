using Microsoft.Extensions.Time.Testing;
using Reelforge.Engine;
using Reelforge.Jobs;
using Reelforge.Storage.Sqlite;

namespace Reelforge.Core.Tests.Engine;

/// <summary>
/// A real SQLite store on a fake clock, for the engine's background services: each test moves
/// time itself and waits on the outcome with a deadline, never on a sleep.
/// </summary>
public abstract class ClockedStore : IDisposable
{
    protected const string Account = "acct_test";
    protected static readonly WorkersOptions Options = new() { LeaseSeconds = 30, CancelCheckMilliseconds = 1000, RescueIntervalSeconds = 10 };

    protected ClockedStore()
    {
        Paths = new DataPaths(Path.Combine(Path.GetTempPath(), "rf-clocked-" + Guid.NewGuid().ToString("N")));
        Db = new SqliteDatabase(SqliteStorage.DatabaseFile(Paths.Root));
        Db.Migrate();
        Store = new SqliteJobStore(Db, Clock);
    }

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
    protected DataPaths Paths { get; }
    protected SqliteDatabase Db { get; }
    protected SqliteJobStore Store { get; }
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected async Task<Job> CreateAsync(int maxAttempts = 3)
    {
        var spec = new VideoSpec { Prompt = "A test.", Model = "sora-2", Seconds = 1, Width = 160, Height = 90 };
        var (job, _) = await Store.CreateAsync(new NewJob(JobIds.NewVideoId(), Account, spec, maxAttempts, null), Ct);
        return job;
    }

    /// <summary>Creates a job and claims it with a <see cref="Options"/> lease, as a worker would.</summary>
    protected async Task<Job> RunningAsync(int maxAttempts = 3)
    {
        var created = await CreateAsync(maxAttempts);
        var claimed = Assert.Single(await Store.ClaimAsync(1, Options.Lease, 0, Ct));
        Assert.Equal(created.Id, claimed.Id);
        return claimed;
    }

    protected Task<Job?> GetAsync(string id) => Store.GetAsync(id, Account, Ct);

    /// <summary>Reads the job until <paramref name="done"/> holds; fails with its last state after a deadline.</summary>
    protected async Task<Job> EventuallyAsync(string id, Func<Job, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var job = await GetAsync(id);
            if (job is not null && done(job))
            {
                return job;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{what}: job {id} is still {job?.Stage} (lease until {job?.LeaseExpiresAt}) after 10 s");
            await Task.Delay(10, Ct);
        }
    }

    /// <summary>
    /// Moves the clock by <paramref name="step"/> until <paramref name="done"/> holds. A background
    /// service starts its timer on a thread of its own (.NET 10), so one advance could land before
    /// the timer exists; advancing again until the outcome shows cannot miss it.
    /// </summary>
    protected async Task TickUntilAsync(Func<Task<bool>> done, TimeSpan step, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not seen after 10 s of ticking");
            Clock.Advance(step);
            await Task.Delay(10, Ct);
        }
    }

    protected static JobOutputs Outputs(string id) => new()
    {
        VideoKey = $"jobs/{id}/video.mp4", ThumbnailKey = $"jobs/{id}/t.webp", SpritesheetKey = $"jobs/{id}/s.jpg", LastFrameKey = $"jobs/{id}/l.jpg",
        DurationSeconds = 1, Width = 160, Height = 90, Fps = 30, Bytes = 1,
    };

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Paths.Root, recursive: true);
        GC.SuppressFinalize(this);
    }
}
