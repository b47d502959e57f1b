using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Reelforge.Webhooks;

/// <summary>
/// Standard Webhooks signatures (what OpenAI's SDK `webhooks.unwrap` verifies): secrets are
/// `whsec_` + base64 key bytes; `webhook-signature` is `v1,` + base64 HMAC-SHA256 of
/// "{webhook-id}.{webhook-timestamp}.{body}", one per secret, space-separated.
/// </summary>
public static class WebhookSigning
{
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>What may be shown of a secret after it is created.</summary>
    public static string Hint(string secret) => secret[..Math.Min(secret.Length, SecretPrefix.Length + 4)] + "…";

    public static string Signature(IEnumerable<string> secrets, string id, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}.{body}"));
        return string.Join(' ', secrets.Select(secret => "v1," + Convert.ToBase64String(HMACSHA256.HashData(KeyOf(secret), signed))));
    }

    private static byte[] KeyOf(string secret) => secret.StartsWith(SecretPrefix, StringComparison.Ordinal)
        ? Convert.FromBase64String(secret[SecretPrefix.Length..])
        : Encoding.UTF8.GetBytes(secret);
}
