using Reelforge.Server.Errors;

namespace Reelforge.Server.Api;

/// <summary>Base64 data URLs (`data:image/png;base64,...`), decoded within a size limit.</summary>
public static class DataUrls
{
    /// <summary>
    /// Decodes straight from the request's string into one array of the exact decoded size: no
    /// substring of the payload, no growable buffer. With the string itself (two bytes a character)
    /// that is two copies of the image, not three.
    /// </summary>
    /// <param name="maxBytes">`Videos:MaxDataUrlBytes`, the decoded size beyond which it is a 413.</param>
    /// <param name="bareBase64">Also accept plain base64 without the `data:` prefix (Poe's `input_image`).</param>
    public static byte[] Decode(string value, string param, long maxBytes, bool bareBase64 = false)
    {
        var isDataUrl = value.StartsWith("data:", StringComparison.OrdinalIgnoreCase);
        var comma = isDataUrl ? value.IndexOf(',', StringComparison.Ordinal) : -1;
        if ((isDataUrl && (comma < 0 || !value.AsSpan(0, comma).EndsWith(";base64", StringComparison.OrdinalIgnoreCase))) || (!isDataUrl && !bareBase64))
        {
            throw new ApiErrorException(ApiError.Invalid(param, $"'{param}' must be a base64 data URL (data:image/png;base64,...)."));
        }
        var payload = value.AsSpan(comma + 1).Trim();
        var padding = payload.EndsWith("==") ? 2 : payload.EndsWith("=") ? 1 : 0;
        var length = payload.Length / 4L * 3 - padding;
        if (length > maxBytes)
        {
            throw new ApiErrorException(ApiError.TooLarge(param, maxBytes));
        }
        // An upper bound: whitespace inside the payload (wrapped base64) is skipped by the decoder.
        var bytes = new byte[Math.Max(length, 0)];
        if (!Convert.TryFromBase64Chars(payload, bytes, out var written))
        {
            throw NotBase64(param);
        }
        return written == bytes.Length ? bytes : bytes.AsSpan(0, written).ToArray();
    }

    private static ApiErrorException NotBase64(string param) =>
        new(ApiError.Invalid(param, $"'{param}' is not valid base64."));
}
