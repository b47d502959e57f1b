using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

[assembly: AssemblyFixture(typeof(Reelforge.Storage.Tests.Engines.PostgresCluster))]

namespace Reelforge.Storage.Tests.Engines;

/// <summary>
/// The PostgreSQL server the PostgreSQL tests run on: the one <c>REELFORGE_TEST_POSTGRES</c> names
/// (a connection string whose user may create databases), else a throwaway cluster started on first
/// use (`initdb` into a temp folder, `postgres` on a free loopback port with its socket there; as
/// the `postgres` user when this runs as root), stopped and deleted at the end. Each test gets a
/// database of its own. Without PostgreSQL the tests fail, saying how to install it.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    public const string Variable = "REELFORGE_TEST_POSTGRES";
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>False: always start a cluster of its own, whatever <see cref="Variable"/> says (to restart it).</summary>
    public bool UseEnvironment { get; init; } = true;
    private string? _admin;
    private string? _dir;
    private string? _bin;

    public async Task<(string ConnectionString, string Name)> CreateDatabaseAsync(CancellationToken ct)
    {
        var admin = await AdminAsync(ct);
        var name = "rf_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(admin, $"CREATE DATABASE {name}", ct);
        return (new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString, name);
    }

    public async Task DropDatabaseAsync(string name)
    {
        if (_admin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<string> AdminAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return _admin ??= UseEnvironment && Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given
                ? new NpgsqlConnectionStringBuilder(given) { Pooling = false }.ConnectionString
                : await StartAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string> StartAsync(CancellationToken ct)
    {
        _bin = FindBin() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed, and the PostgreSQL store tests need it: install it (Debian: `apt-get install postgresql`, " +
            $"or run scripts/install-deps.sh), or set {Variable} to the connection string of a server whose user may create databases.");
        _dir = Path.Combine(Path.GetTempPath(), "rf-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", _dir], asPostgres: false, ct);
        }
        var data = Path.Combine(_dir, "data");
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"], asRoot, ct);
        var port = FreePort();
        var options = string.Join(' ', "-p", port.ToString(CultureInfo.InvariantCulture), "-k", _dir, "-c", "listen_addresses=127.0.0.1",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300");
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "60", "-o", options, "start"], asRoot, ct);
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres", Pooling = false, IncludeErrorDetail = true,
        }.ConnectionString;
    }

    /// <summary>Restarts the server this fixture started (`pg_ctl restart -m fast`): every open connection is cut.</summary>
    public async Task RestartAsync(CancellationToken ct)
    {
        if (_dir is null || _bin is null)
        {
            throw new InvalidOperationException("Only a cluster this fixture started can be restarted.");
        }
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_dir, "data"), "-m", "fast", "-w", "-t", "60", "restart"],
            Environment.UserName == "root", ct);
    }

    private static string? FindBin()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), CultureInfo.InvariantCulture, out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return debian ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .FirstOrDefault(p => p.Length > 0 && File.Exists(Path.Combine(p, "initdb")) && File.Exists(Path.Combine(p, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args, bool asPostgres, CancellationToken ct)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} exited with {process.ExitCode}: {await errors}{await output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_dir is null || _bin is null)
        {
            return;
        }
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop"],
                Environment.UserName == "root", CancellationToken.None);
        }
        finally
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
