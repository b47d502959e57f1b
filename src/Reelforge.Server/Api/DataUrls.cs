using Reelforge.Server.Errors;

namespace Reelforge.Server.Api;

/// <summary>Base64 data URLs (`data:image/png;base64,...`), decoded within a size limit.</summary>
public static class DataUrls
{
    /// <param name="bareBase64">Also accept plain base64 without the `data:` prefix (Poe's `input_image`).</param>
    public static byte[] Decode(string value, string param, long maxBytes, bool bareBase64 = false)
    {
        var isDataUrl = value.StartsWith("data:", StringComparison.OrdinalIgnoreCase);
        var comma = isDataUrl ? value.IndexOf(',', StringComparison.Ordinal) : -1;
        if ((isDataUrl && (comma < 0 || !value[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))) || (!isDataUrl && !bareBase64))
        {
            throw new ApiErrorException(ApiError.Invalid(param, $"'{param}' must be a base64 data URL (data:image/png;base64,...)."));
        }
        var payload = value[(comma + 1)..];
        if (payload.Length / 4L * 3 > maxBytes)
        {
            throw new ApiErrorException(ApiError.TooLarge(param, maxBytes));
        }
        try
        {
            return Convert.FromBase64String(payload);
        }
        catch (FormatException)
        {
            throw new ApiErrorException(ApiError.Invalid(param, $"'{param}' is not valid base64."));
        }
    }
}
