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

public sealed record Account(string Id, string Name, DateTimeOffset CreatedAt);

public sealed record ApiKeyRecord(string Id, string AccountId, string Display, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
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
}
