using System.Security.Cryptography;
using System.Text;

namespace Reelforge.Blobs;

/// <summary>
/// A generated secret kept in a shared blob store (`secrets/&lt;name&gt;`), created once however many
/// nodes start at once, with no conditional write (s3rver and older Garage ignore `If-None-Match`):
/// <list type="number">
/// <item>`secrets/&lt;name&gt;` exists: that is the secret.</item>
/// <item>Else a node that finds no candidate under `secrets/&lt;name&gt;.candidates/` writes one; every
/// node then waits <see cref="SettleTime"/>, lists the candidates and takes the first by (last
/// modified, key), and writes it to `secrets/&lt;name&gt;`.</item>
/// </list>
/// Why every node takes the same one: a node lists at least <see cref="SettleTime"/> after the
/// candidate it wrote or saw was stored, so a candidate stored after that list has a later
/// timestamp (S3 stamps to the second; the wait covers that) and cannot come first. The first
/// candidate any node can see is therefore the first of all, and `secrets/&lt;name&gt;` is only ever
/// written with it (by several nodes, with the same bytes).
/// </summary>
public static class SharedSecret
{
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(3);

    /// <summary>The secret's bytes (32 random bytes, kept as Base64).</summary>
    public static async Task<byte[]> GetOrCreateAsync(IBlobStore blobs, string name, TimeProvider time, CancellationToken ct, TimeSpan? settle = null)
    {
        var decided = $"secrets/{name}";
        if (await ReadAsync(blobs, decided, ct) is { } known)
        {
            return known;
        }
        var candidates = $"secrets/{name}.candidates/";
        if (!await AnyAsync(blobs.ListAsync(candidates, ct)))
        {
            var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            await blobs.PutBytesAsync(candidates + Guid.NewGuid().ToString("N"), Encoding.ASCII.GetBytes(secret), ct);
        }
        await Task.Delay(settle ?? SettleTime, time, ct);
        BlobEntry? first = null;
        await foreach (var entry in blobs.ListAsync(candidates, ct))
        {
            if (first is null || entry.LastModified < first.LastModified || (entry.LastModified == first.LastModified && string.CompareOrdinal(entry.Key, first.Key) < 0))
            {
                first = entry;
            }
        }
        var chosen = first is null ? null : await ReadTextAsync(blobs, first.Key, ct);
        if (chosen is null)
        {
            // Candidates are never deleted; one missing means someone removed secrets/ meanwhile.
            throw new InvalidOperationException($"The shared secret candidates under '{candidates}' disappeared while a key was chosen; start again.");
        }
        await blobs.PutBytesAsync(decided, Encoding.ASCII.GetBytes(chosen), ct);
        return Convert.FromBase64String(chosen);
    }

    private static async Task<byte[]?> ReadAsync(IBlobStore blobs, string key, CancellationToken ct) =>
        await ReadTextAsync(blobs, key, ct) is { } text ? Convert.FromBase64String(text) : null;

    private static async Task<string?> ReadTextAsync(IBlobStore blobs, string key, CancellationToken ct)
    {
        await using var stream = await blobs.OpenReadAsync(key, ct);
        if (stream is null)
        {
            return null;
        }
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return (await reader.ReadToEndAsync(ct)).Trim();
    }

    private static async Task<bool> AnyAsync(IAsyncEnumerable<BlobEntry> entries)
    {
        await foreach (var _ in entries)
        {
            return true;
        }
        return false;
    }
}
