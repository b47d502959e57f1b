using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Npgsql;
using Reelforge.Storage.S3.Tests;
using Reelforge.Storage.Tests.Engines;
using static Reelforge.Server.Tests.Waits;

namespace Reelforge.Server.Tests;

/// <summary>
/// A Reelforge cluster of real processes for one test: `reelforge serve` API nodes
/// (`Workers:Concurrency=0`) and `reelforge worker` processes, each with a data folder of its own,
/// all on one PostgreSQL database and one s3rver bucket, without `Files:SigningSecret` (the key is
/// the bucket's). Disposing it kills every process, drops the database, stops s3rver and deletes
/// the folders, whatever state the test left.
/// </summary>
public sealed class ScaleOutCluster : IAsyncDisposable
{
    public const string DevKey = "rf_scale_out_test_key";
    public const string Prefix = "rf";
    private readonly List<ReelforgeProcess> _processes = [];
    private readonly PostgresCluster _postgres;
    private readonly bool _ownsPostgres;
    private readonly string _database;
    private readonly string _root = Directory.CreateTempSubdirectory("rf-scale-out-").FullName;

    public sealed record ApiNode(ReelforgeProcess Process, Uri Address);

    /// <summary>The folder every process's data folder is in.</summary>
    public string Root => _root;
    public S3rver S3 { get; }
    public string Bucket { get; }
    public string ConnectionString { get; }

    private ScaleOutCluster(PostgresCluster postgres, bool ownsPostgres, string connectionString, string database, S3rver s3, string bucket)
    {
        _postgres = postgres;
        _ownsPostgres = ownsPostgres;
        ConnectionString = connectionString;
        _database = database;
        S3 = s3;
        Bucket = bucket;
    }

    /// <summary>
    /// A cluster on a database of <paramref name="postgres"/>; with <paramref name="ownsPostgres"/>
    /// the PostgreSQL server is this cluster's (to restart) and is stopped with it.
    /// </summary>
    public static async Task<ScaleOutCluster> StartAsync(PostgresCluster postgres, CancellationToken ct, bool ownsPostgres = false)
    {
        string? database = null;
        S3rver? s3 = null;
        try
        {
            (var connectionString, database) = await postgres.CreateDatabaseAsync(ct);
            s3 = await S3rver.StartAsync();
            return new ScaleOutCluster(postgres, ownsPostgres, connectionString, database, s3, await s3.NewBucketAsync());
        }
        catch
        {
            if (s3 is not null)
            {
                await s3.DisposeAsync();
            }
            if (database is not null)
            {
                await postgres.DropDatabaseAsync(database);
            }
            if (ownsPostgres)
            {
                await postgres.DisposeAsync();
            }
            throw;
        }
    }

    /// <summary>`pg_ctl restart -m fast` of the cluster's own PostgreSQL: every process's connections are cut.</summary>
    public Task RestartPostgresAsync(CancellationToken ct) =>
        _ownsPostgres ? _postgres.RestartAsync(ct) : throw new InvalidOperationException("Only a cluster's own PostgreSQL is restarted.");

    /// <summary>The settings every process gets, as `Reelforge__Section__Key` variables.</summary>
    private Dictionary<string, string> Settings(int concurrency)
    {
        var settings = new Dictionary<string, string>
        {
            ["Reelforge__Storage__Provider"] = "postgres",
            ["Reelforge__Storage__ConnectionString"] = ConnectionString,
            ["Reelforge__Auth__DevelopmentKey"] = DevKey,
            // `make test` exports REELFORGE_API_KEY (the quick start's key), which the server prefers.
            ["REELFORGE_API_KEY"] = DevKey,
            ["Reelforge__Workers__Concurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
            // A short lease and a busy rescuer: a dead worker's job is taken up within seconds.
            ["Reelforge__Workers__LeaseSeconds"] = "3",
            ["Reelforge__Workers__RescueIntervalSeconds"] = "1",
            ["Reelforge__Workers__RetryBaseDelaySeconds"] = "0",
            // Idle workers are woken by NOTIFY; this is only the fallback.
            ["Reelforge__Workers__PollMilliseconds"] = "1000",
            ["Reelforge__Webhooks__AllowLoopback"] = "true",
            // A delivery claimed by a killed worker is sent again after 2 + 1 s, not 10 + 30.
            ["Reelforge__Webhooks__TimeoutSeconds"] = "2",
            ["Reelforge__Webhooks__ClaimGraceSeconds"] = "1",
            ["Reelforge__Webhooks__PollMilliseconds"] = "200",
            ["Reelforge__RateLimits__ReadsPerMinute"] = "0",
            ["Reelforge__RateLimits__CreatesPerMinute"] = "0",
            ["Reelforge__Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in S3.Settings(Bucket, Prefix))
        {
            settings["Reelforge__" + key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
        }
        return settings;
    }

    private string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    /// <summary>Starts `reelforge serve` without workers on a free port and waits until it answers /healthz.</summary>
    public async Task<ApiNode> StartApiNodeAsync(string name, CancellationToken ct)
    {
        var data = NewFolder(name);
        var address = new Uri($"http://127.0.0.1:{FreePort()}/");
        var serve = Started(ReelforgeProcess.Start(name, data, ["serve", "--urls", address.ToString().TrimEnd('/'), "--data", data], Settings(0)));
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(serve.Process.HasExited, $"{name} exited with code {(serve.Process.HasExited ? serve.Process.ExitCode : 0)}:\n{serve.Tail}");
            try
            {
                if ((await probe.GetAsync("healthz", ct)).IsSuccessStatusCode)
                {
                    return new ApiNode(serve, address);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"{name} did not answer /healthz within 60 s:\n{serve.Tail}");
            }
            await Task.Delay(50, ct);
        }
    }

    /// <summary>Starts `reelforge worker` rendering one job at a time.</summary>
    public ReelforgeProcess StartWorker(string name) =>
        Started(ReelforgeProcess.Start(name, NewFolder(name), ["worker", "--data", Path.Combine(_root, name)], Settings(1)));

    private ReelforgeProcess Started(ReelforgeProcess process)
    {
        _processes.Add(process);
        return process;
    }

    public static HttpClient Client(ApiNode node, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = node.Address, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DevKey);
        return client;
    }

    /// <summary>The bytes of the object at <paramref name="key"/> (a blob key, without the prefix).</summary>
    public async Task<byte[]> ObjectAsync(string key, CancellationToken ct)
    {
        using var client = S3.Client();
        using var response = await client.GetObjectAsync(Bucket, $"{Prefix}/{key}", ct);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy, ct);
        return copy.ToArray();
    }

    /// <summary>One query on the cluster's database (the test reads what the processes wrote).</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> row, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(row(reader));
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }
        try
        {
            await _postgres.DropDatabaseAsync(_database);
        }
        finally
        {
            if (_ownsPostgres)
            {
                await _postgres.DisposeAsync();
            }
            await S3.DisposeAsync();
            Directory.Delete(_root, recursive: true);
        }
    }
}
