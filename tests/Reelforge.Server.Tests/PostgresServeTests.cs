using Microsoft.AspNetCore.Builder;
using Reelforge.Storage.Tests.Engines;

namespace Reelforge.Server.Tests;

/// <summary>
/// `Storage:Provider=postgres` end to end: an API node without workers and a worker node, each its
/// own host with its own data folder, on one PostgreSQL database.
/// </summary>
public sealed class PostgresServeTests(PostgresCluster cluster) : IAsyncLifetime
{
    private readonly List<WebApplication> _nodes = [];
    private readonly List<string> _folders = [];
    private string? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnApiNodeAndAWorkerNode_OnOnePostgres_RenderAVideo_TheWorkerWokenByTheSubmit()
    {
        var (connectionString, name) = await cluster.CreateDatabaseAsync(Ct);
        _database = name;
        // Idle workers would otherwise look for work once a minute: only the submit's NOTIFY wakes this one in time.
        var api = await StartNodeAsync(connectionString, workers: 0);
        await StartNodeAsync(connectionString, workers: 1);
        using var client = new HttpClient { BaseAddress = ServerFixture.AddressOf(api), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", ServerFixture.DevKey);

        var ready = await (await client.GetAsync("readyz", Ct)).JsonAsync();
        Assert.Equal("ok", ready["checks"]!["database"]!.GetValue<string>());
        var created = await (await client.PostJsonAsync("v1/videos", new { prompt = "Rendered by another node.", seconds = 1, size = "160x90" })).JsonAsync();
        var id = created["id"]!.GetValue<string>();

        var video = await client.WaitForVideoAsync(id, seconds: 40);

        Assert.Equal("completed", video["status"]!.GetValue<string>());
    }

    private async Task<WebApplication> StartNodeAsync(string connectionString, int workers)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rf-pg-node-" + Guid.NewGuid().ToString("N"));
        _folders.Add(folder);
        var node = await ServerFixture.StartAsync(folder, new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = connectionString,
            ["Auth:DevelopmentKey"] = ServerFixture.DevKey,
            ["Workers:Concurrency"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Workers:PollMilliseconds"] = "60000",
        });
        _nodes.Add(node);
        return node;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.StopAsync();
            await node.DisposeAsync();
        }
        if (_database is not null)
        {
            await cluster.DropDatabaseAsync(_database);
        }
        foreach (var folder in _folders.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
