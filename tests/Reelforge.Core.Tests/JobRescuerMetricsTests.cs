using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Reelforge.Engine;
using Reelforge.Jobs;
using Reelforge.Storage.Sqlite;

namespace Reelforge.Core.Tests;

/// <summary>Jobs the rescuer ends (its worker died) are counted, since no worker is left to count them.</summary>
public sealed class JobRescuerMetricsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rf-rescue-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly MeterCapture _meters = new();
    private readonly SqliteJobStore _store;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    public JobRescuerMetricsTests()
    {
        var db = new SqliteDatabase(Path.Combine(_dir, "rescue.db"));
        db.Migrate();
        _store = new SqliteJobStore(db, _clock);
    }

    [Fact]
    public async Task Rescue_WhenAttemptsAreSpent_CountsTheJobAsFailed_AndACancelItsWorkerMissedAsCancelled()
    {
        var spent = await CreateAsync("sora-2", maxAttempts: 1);
        var retried = await CreateAsync("sora-2", maxAttempts: 3);
        var cancelled = await CreateAsync("sora-2-pro", maxAttempts: 3);
        Assert.Equal(3, (await _store.ClaimAsync(3, Lease, 0, TestContext.Current.CancellationToken)).Count);
        await _store.RequestCancelAsync(cancelled.Id, cancelled.AccountId, TestContext.Current.CancellationToken);
        _clock.Advance(Lease * 2);

        var rescuer = new JobRescuer(_store, new JobSignal(), Options.Create(new WorkersOptions()), _clock, NullLogger<JobRescuer>.Instance, new EngineMetrics(_meters));
        await rescuer.RescueOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal("worker_lost", (await _store.GetAsync(spent.Id, spent.AccountId, TestContext.Current.CancellationToken))!.Error!.Code);
        Assert.Equal(JobStage.Queued, (await _store.GetAsync(retried.Id, retried.AccountId, TestContext.Current.CancellationToken))!.Stage);
        Assert.Equal(["reelforge.jobs.cancelled openai sora-2-pro", "reelforge.jobs.failed openai sora-2"], _meters.Recorded.Order(StringComparer.Ordinal));
    }

    private async Task<Job> CreateAsync(string model, int maxAttempts)
    {
        var spec = new VideoSpec { Prompt = "Rescued.", Model = model, Seconds = 1, Width = 160, Height = 90 };
        return (await _store.CreateAsync(new NewJob(JobIds.NewVideoId(), "acct_rescue", spec, maxAttempts, null), TestContext.Current.CancellationToken)).Job;
    }

    public void Dispose()
    {
        _meters.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A meter factory of its own; records each job counter's increment as "instrument dialect model".</summary>
    private sealed class MeterCapture : IMeterFactory
    {
        private readonly List<Meter> _meters = [];
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<string> _recorded = new();

        public MeterCapture()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, this) && instrument.Name.StartsWith("reelforge.jobs.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
            {
                var values = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString());
                _recorded.Enqueue($"{instrument.Name} {values.GetValueOrDefault("dialect")} {values.GetValueOrDefault("model")}");
            });
            _listener.Start();
        }

        public IReadOnlyList<string> Recorded => [.. _recorded];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            _listener.Dispose();
            _meters.ForEach(m => m.Dispose());
        }
    }
}
