namespace Reelforge.Storage;

/// <summary>
/// What a host needs from the database behind the stores, whichever it is: bring the schema up to
/// date before anything runs, and answer whether it can be reached (/readyz). Each store project
/// registers one (`AddSqliteStorage`, `AddPostgresStorage`) beside its stores.
/// </summary>
public interface IStoreDatabase
{
    /// <summary>The provider's name as configured: `sqlite` or `postgres`.</summary>
    string Provider { get; }

    /// <summary>Applies the numbered migrations not yet applied; safe when several processes start at once.</summary>
    Task MigrateAsync(CancellationToken ct);

    Task<bool> CanConnectAsync(CancellationToken ct);
}

/// <summary>
/// The `Storage` configuration section: which database holds jobs, accounts and webhooks.
/// `Provider` is `sqlite` (one file in the data folder) or `postgres` (<see cref="ConnectionString"/>,
/// in Npgsql's format).
/// </summary>
public sealed record StorageOptions
{
    public const string Section = "Storage";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public string Provider { get; init; } = Sqlite;
    public string? ConnectionString { get; init; }
}

/// <summary>Service keys a store project registers under.</summary>
public static class StorageKeys
{
    /// <summary>
    /// The store project's own <c>IJobStore</c>, registered keyed: the host wraps it in
    /// <c>CachedJobReads</c> and registers that as the <c>IJobStore</c> everyone else uses.
    /// </summary>
    public const string Uncached = "uncached";
}
