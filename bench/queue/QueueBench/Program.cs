// Claim-and-complete throughput of a job store through the real worker loop (JobWorker) with a
// handler that does nothing: what the queue itself costs. Usage:
//   QueueBench sqlite <data-folder> <workers> <jobs>
//   QueueBench postgres <connection-string> <workers> <jobs>
// Prints one line: `<provider> workers=<W> jobs=<N> seconds=<S> client-cpu-ms-per-job=<C> jobs-per-second=<R>`
// (C: this process's CPU time, all threads, over the jobs).
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reelforge.Blobs;
using Reelforge.Engine;
using Reelforge.Jobs;
using Reelforge.Storage;
using Reelforge.Storage.Postgres;
using Reelforge.Storage.Sqlite;

if (args.Length != 4)
{
    Console.Error.WriteLine("usage: QueueBench sqlite|postgres <data-folder|connection-string> <workers> <jobs>");
    return 2;
}
var (provider, target, workers, jobs) = (args[0], args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));

var services = new ServiceCollection().AddSingleton(TimeProvider.System);
_ = provider == "sqlite" ? services.AddSqliteStorage(target) : services.AddPostgresStorage(target);
await using var provided = services.BuildServiceProvider();
await provided.GetRequiredService<IStoreDatabase>().MigrateAsync(CancellationToken.None);
var store = provided.GetRequiredKeyedService<IJobStore>(StorageKeys.Uncached);

// Every worker is a claim loop; no per-account cap, so the queue alone limits throughput.
var options = Options.Create(new WorkersOptions { Concurrency = workers, MaxRunningPerAccount = 0, PollMilliseconds = 100 });
var spec = new VideoSpec { Prompt = "Queue benchmark.", Model = "sora-2", Seconds = 1, Width = 160, Height = 90 };
var account = "acct_bench_" + Guid.NewGuid().ToString("N")[..8];
var blobs = new LocalBlobStore(Path.Combine(Path.GetTempPath(), "queue-bench-blobs"));
var signal = new JobSignal();
var running = new RunningJobs();
var engine = new JobEngine(store, blobs, new DataPaths(Path.GetTempPath()), signal, running, options, Options.Create(new Reelforge.Accounts.CreditsOptions()));
for (var i = 0; i < jobs; i++)
{
    await engine.SubmitAsync(JobIds.NewVideoId(), account, spec, new Submission(), CancellationToken.None);
}

var done = new NoOpHandler(jobs);
var worker = new JobWorker(store, done, signal, running, options, TimeProvider.System, LoggerFactory.Create(b => b.AddConsole().SetMinimumLevel(LogLevel.Warning)).CreateLogger<JobWorker>());
// For a profiler: QUEUE_BENCH_PAUSE=1 waits for a line on stdin once the jobs are queued.
if (Environment.GetEnvironmentVariable("QUEUE_BENCH_PAUSE") is not null)
{
    Console.Error.WriteLine($"pid {Environment.ProcessId} ready");
    Console.ReadLine();
}
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
await worker.StartAsync(CancellationToken.None);
await done.All;
// The last completions are written after their handlers return: wait until the store says so.
while ((await store.CountByStageAsync(CancellationToken.None)).GetValueOrDefault(JobStage.Completed) < jobs)
{
    await Task.Delay(1);
}
var seconds = clock.Elapsed.TotalSeconds;
await worker.StopAsync(CancellationToken.None);
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
Console.WriteLine($"{provider} workers={workers} jobs={jobs} seconds={seconds:0.000} client-cpu-ms-per-job={cpu.TotalMilliseconds / jobs:0.00} jobs-per-second={jobs / seconds:0}");
return 0;

sealed class NoOpHandler(int expected) : IJobHandler
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public Task All => _all.Task;

    // The worker completes a job from `exporting`, as a render ends: one checkpoint, then done.
    public async Task<JobOutputs> RunAsync(JobRun run, CancellationToken ct)
    {
        await run.ReportAsync(new JobCheckpoint(JobStage.Exporting, 90), ct);
        if (Interlocked.Increment(ref _count) == expected)
        {
            _all.TrySetResult();
        }
        return new JobOutputs
        {
            VideoKey = "v", ThumbnailKey = "t", SpritesheetKey = "s", LastFrameKey = "l",
            DurationSeconds = 1, Width = 160, Height = 90, Fps = 30, Bytes = 1,
        };
    }
}
