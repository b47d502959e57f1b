using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Reelforge.Blobs;
using Reelforge.Engine;
using Reelforge.Jobs;
using Reelforge.Storage.Sqlite;

namespace Reelforge.Core.Tests;

/// <summary>A real SQLite store and a real worker loop around a handler the test writes.</summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rf-engine-" + Guid.NewGuid().ToString("N"));
    private readonly CancellationTokenSource _stop = new();
    private readonly JobWorker _worker;

    /// <param name="workerClock">The worker's clock (its polls, lease renewals and cancel checks); a
    /// fake one that never advances proves a test's outcome came from a signal, not a timer.</param>
    public EngineHarness(Func<JobRun, CancellationToken, Task<JobOutputs>> handle, WorkersOptions? options = null, TimeProvider? workerClock = null)
    {
        var db = new SqliteDatabase(Path.Combine(_dir, "engine.db"));
        db.Migrate();
        Accounts = new SqliteAccountStore(db, TimeProvider.System);
        Store = new SqliteJobStore(db, TimeProvider.System);
        var opts = Options.Create(options ?? new WorkersOptions { Concurrency = 1, PollMilliseconds = 60_000, RetryBaseDelaySeconds = 0, CancelCheckMilliseconds = 100 });
        var signal = new JobSignal();
        var running = new RunningJobs();
        var paths = new DataPaths(_dir);
        Blobs = new LocalBlobStore(paths.Blobs);
        Engine = new JobEngine(Store, Blobs, paths, signal, running, opts, Options.Create(new Reelforge.Accounts.CreditsOptions()));
        _worker = new JobWorker(Store, new DelegateHandler(handle), signal, running, opts, workerClock ?? TimeProvider.System, NullLogger<JobWorker>.Instance);
    }

    public SqliteJobStore Store { get; }
    public SqliteAccountStore Accounts { get; }
    public LocalBlobStore Blobs { get; }
    public JobEngine Engine { get; }
    public const string Account = "acct_test";

    public Task StartAsync() => _worker.StartAsync(_stop.Token);

    public async Task<Job> SubmitAsync()
    {
        var spec = new VideoSpec { Prompt = "Test.", Model = "sora-2", Seconds = 1, Width = 160, Height = 90 };
        var (job, _) = await Engine.SubmitAsync(JobIds.NewVideoId(), Account, spec, new Submission(), CancellationToken.None);
        return job;
    }

    /// <summary>Polls the store until the job satisfies <paramref name="done"/>, failing after a deadline.</summary>
    public async Task<Job> WaitForAsync(string id, Func<Job, bool> done, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var job = await Store.GetAsync(id, Account, CancellationToken.None);
            if (job is not null && done(job))
            {
                return job;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Job {id} is still {job?.Stage} after {seconds} s.");
            }
            await Task.Delay(20);
        }
    }

    public static JobOutputs Outputs() => new()
    {
        VideoKey = "v", ThumbnailKey = "t", SpritesheetKey = "s", LastFrameKey = "l", DurationSeconds = 1, Width = 160, Height = 90, Fps = 30, Bytes = 1,
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _worker.StopAsync(CancellationToken.None);
        _worker.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class DelegateHandler(Func<JobRun, CancellationToken, Task<JobOutputs>> handle) : IJobHandler
    {
        public Task<JobOutputs> RunAsync(JobRun run, CancellationToken ct) => handle(run, ct);
    }
}
