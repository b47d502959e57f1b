using System.Security.Cryptography;
using System.Text;

namespace Reelforge.Accounts;

/// <summary>
/// API keys: `rf_` and 40 base62 characters of randomness. Stored as SHA-256 — a slow hash buys
/// nothing for 238 bits of entropy and would cost every request.
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "rf_";
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Generate() => Prefix + RandomNumberGenerator.GetString(Alphabet, 40);

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>What may be shown of a key after it is created: enough to recognise it.</summary>
    public static string Display(string key) => key.Length <= 10 ? key : key[..10] + "…";
}

public static class Scopes
{
    public const string VideosWrite = "videos:write";
    public const string VideosRead = "videos:read";
    public const string TemplatesRead = "templates:read";
    public const string WebhooksManage = "webhooks:manage";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [VideosWrite, VideosRead, TemplatesRead, WebhooksManage, Admin];
}

/// <param name="Credits">The balance; null when unlimited.</param>
public sealed record Account(string Id, string Name, DateTimeOffset CreatedAt, decimal? Credits = null);

public sealed record ApiKeyRecord(string Id, string AccountId, string Display, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt = null)
{
    public bool Has(string scope) => Scopes.Contains(scope, StringComparer.Ordinal) || Scopes.Contains(Accounts.Scopes.Admin, StringComparer.Ordinal);
}

public interface IAccountStore
{
    Task<Account> EnsureAccountAsync(string name, CancellationToken ct);

    /// <summary>Stores a key by its hash; creating the same hash twice returns the existing record.</summary>
    Task<ApiKeyRecord> AddKeyAsync(string accountId, string key, IReadOnlyList<string> scopes, CancellationToken ct);

    /// <summary>The live (unrevoked) key with this hash.</summary>
    Task<ApiKeyRecord?> FindKeyAsync(string keyHash, CancellationToken ct);

    Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken ct);

    Task<Account?> GetAccountAsync(string idOrName, CancellationToken ct);

    /// <summary>Sets the balance (null: unlimited), or adds to it when <paramref name="add"/>; returns the account after.</summary>
    Task<Account?> SetCreditsAsync(string accountId, decimal? credits, bool add, CancellationToken ct);

    /// <summary>Every key, or one account's, newest first, revoked ones included.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(string? accountId, CancellationToken ct);

    /// <summary>Revokes a key; returns its hash (so caches can drop it), or null if there was no live key.</summary>
    Task<string?> RevokeKeyAsync(string keyId, CancellationToken ct);

    /// <summary>Records that a key was just used.</summary>
    Task TouchKeyAsync(string keyId, CancellationToken ct);
}
