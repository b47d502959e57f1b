namespace Reelforge.Blobs;

/// <summary>The content type a blob is served with, from its key's extension (one table for `/files/…` and the bucket).</summary>
public static class BlobContentTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".mp4"] = "video/mp4", [".webm"] = "video/webm", [".webp"] = "image/webp", [".jpg"] = "image/jpeg", [".png"] = "image/png",
        // SubRip has no registered type; this is the one players and browsers know. WebVTT must be UTF-8.
        [".srt"] = "application/x-subrip", [".vtt"] = "text/vtt; charset=utf-8", [".json"] = "application/json",
    };

    public static string Of(string key) => ByExtension.GetValueOrDefault(Path.GetExtension(key), "application/octet-stream");
}
