using Reelforge.Accounts;
using Reelforge.Jobs;
using Reelforge.Webhooks;

namespace Reelforge.Storage.Tests.Engines;

/// <summary>
/// One empty database of one engine, owned by one test. <see cref="Connect"/> opens it the way a
/// process would (its own connection pool), so tests can run several "processes" on it at once.
/// </summary>
public interface IStoreEngine : IAsyncDisposable
{
    IStoreDatabase Connect();
    IJobStore JobStore(IStoreDatabase db, TimeProvider time);
    IAccountStore AccountStore(IStoreDatabase db, TimeProvider time);
    IWebhookStore WebhookStore(IStoreDatabase db, TimeProvider time);

    /// <summary>Runs a scalar query directly, to check what the stores wrote.</summary>
    Task<long> ScalarAsync(string sql, CancellationToken ct);
}
