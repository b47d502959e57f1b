using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Reelforge.Storage.Sqlite;

/// <summary>Opens connections to one SQLite file in WAL mode and applies the numbered migrations.</summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;

    static SqliteDatabase() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public SqliteDatabase(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Creates or upgrades the schema. Each migration runs in its own transaction.</summary>
    public void Migrate()
    {
        using var connection = Open();
        // WAL: readers never block the single writer. NORMAL sync is safe in WAL (a power cut may lose
        // the last commits, never corrupt the file).
        connection.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)");
        var applied = connection.Query<long>("SELECT version FROM schema_migrations").ToHashSet();
        foreach (var (version, name, sql) in Migrations())
        {
            if (applied.Contains(version))
            {
                continue;
            }
            using var tx = connection.BeginTransaction();
            connection.Execute(sql, transaction: tx);
            connection.Execute("INSERT INTO schema_migrations (version, name) VALUES (@version, @name)", new { version, name }, tx);
            tx.Commit();
        }
    }

    public bool CanConnect()
    {
        try
        {
            using var connection = Open();
            return connection.ExecuteScalar<long>("SELECT 1") == 1;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private static IEnumerable<(long Version, string Name, string Sql)> Migrations()
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource["Migrations/".Length..];
            var version = long.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            yield return (version, name, reader.ReadToEnd());
        }
    }
}
