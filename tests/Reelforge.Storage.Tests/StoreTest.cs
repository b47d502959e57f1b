using Microsoft.Extensions.Time.Testing;
using Reelforge.Accounts;
using Reelforge.Jobs;
using Reelforge.Storage.Tests.Engines;
using Reelforge.Webhooks;

namespace Reelforge.Storage.Tests;

/// <summary>
/// The base of every conformance class: a fresh, migrated database of the engine a subclass names,
/// its three stores, and a fake clock.
/// </summary>
public abstract class StoreTest : IAsyncLifetime
{
    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>An empty database of the engine under test, owned by this test.</summary>
    protected abstract Task<IStoreEngine> StartEngineAsync(CancellationToken ct);

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
    protected IStoreEngine Engine { get; private set; } = null!;
    protected IStoreDatabase Db { get; private set; } = null!;
    protected IJobStore Store { get; private set; } = null!;
    protected IAccountStore Accounts { get; private set; } = null!;
    protected IWebhookStore Webhooks { get; private set; } = null!;
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Engine = await StartEngineAsync(Ct);
        Db = Engine.Connect();
        await Db.MigrateAsync(Ct);
        Store = Engine.JobStore(Db, Clock);
        Accounts = Engine.AccountStore(Db, Clock);
        Webhooks = Engine.WebhookStore(Db, Clock);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected static VideoSpec Spec(int seconds = 4) => new() { Prompt = "A test.", Model = "sora-2", Seconds = seconds, Width = 160, Height = 90 };

    protected Task<Job> CreateAsync(string account = "acct_a", string? idempotencyKey = null, int maxAttempts = 3) =>
        CreateAsync(Store, account, idempotencyKey, maxAttempts);

    protected static async Task<Job> CreateAsync(IJobStore store, string account = "acct_a", string? idempotencyKey = null, int maxAttempts = 3)
    {
        var (job, _) = await store.CreateAsync(new NewJob(JobIds.NewVideoId(), account, Spec(), maxAttempts, idempotencyKey), Ct);
        return job;
    }

    protected async Task<Job> ClaimOneAsync() => Assert.Single(await Store.ClaimAsync(1, Lease, 0, Ct));

    protected static JobLease LeaseOf(Job job) => new(job.Id, job.LeaseToken!);

    protected static JobOutputs Outputs(string id = "x", double seconds = 4) => new()
    {
        VideoKey = $"jobs/{id}/video.mp4", ThumbnailKey = "t", SpritesheetKey = "s", LastFrameKey = "l", DurationSeconds = seconds, Width = 160, Height = 90, Fps = 30, Bytes = 1,
    };
}
