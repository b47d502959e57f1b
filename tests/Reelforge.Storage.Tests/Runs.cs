using Reelforge.Storage.Tests.Engines;

namespace Reelforge.Storage.Tests;

// Each conformance class, run over each engine. A new engine is done when its lines here pass.

public sealed class SqliteJobStoreTests : JobStoreTests
{
    protected override Task<IStoreEngine> StartEngineAsync(CancellationToken ct) => Task.FromResult<IStoreEngine>(new SqliteEngine());
}

public sealed class PostgresJobStoreTests(PostgresCluster cluster) : JobStoreTests
{
    protected override async Task<IStoreEngine> StartEngineAsync(CancellationToken ct) => await PostgresEngine.CreateAsync(cluster, ct);
}

public sealed class SqliteAccountStoreTests : AccountStoreTests
{
    protected override Task<IStoreEngine> StartEngineAsync(CancellationToken ct) => Task.FromResult<IStoreEngine>(new SqliteEngine());
}

public sealed class PostgresAccountStoreTests(PostgresCluster cluster) : AccountStoreTests
{
    protected override async Task<IStoreEngine> StartEngineAsync(CancellationToken ct) => await PostgresEngine.CreateAsync(cluster, ct);
}

public sealed class SqliteWebhookStoreTests : WebhookStoreTests
{
    protected override Task<IStoreEngine> StartEngineAsync(CancellationToken ct) => Task.FromResult<IStoreEngine>(new SqliteEngine());
}

public sealed class PostgresWebhookStoreTests(PostgresCluster cluster) : WebhookStoreTests
{
    protected override async Task<IStoreEngine> StartEngineAsync(CancellationToken ct) => await PostgresEngine.CreateAsync(cluster, ct);
}

public sealed class SqliteConcurrencyTests : ConcurrencyTests
{
    protected override Task<IStoreEngine> StartEngineAsync(CancellationToken ct) => Task.FromResult<IStoreEngine>(new SqliteEngine());
}

public sealed class PostgresConcurrencyTests(PostgresCluster cluster) : ConcurrencyTests
{
    protected override async Task<IStoreEngine> StartEngineAsync(CancellationToken ct) => await PostgresEngine.CreateAsync(cluster, ct);
}
